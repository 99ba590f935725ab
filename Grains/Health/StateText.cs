using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

/// <summary>
/// The state argument of Kamailio's <c>dispatcher.set_state</c> RPC: <c>a</c> active, <c>i</c>
/// inactive, <c>d</c> disabled, <c>t</c> trying, any case, optionally followed by <c>p</c>
/// (probing), e.g. <c>ip</c>, <c>ap</c>, <c>tp</c>. The RPC's digit aliases are accepted too:
/// <c>0</c> inactive, <c>1</c> active, <c>2</c> disabled, <c>3</c> trying (not the flag values).
/// </summary>
/// <remarks>
/// Kamailio's RPC reads only the first two characters and silently drops anything else, including
/// the <c>p</c> of <c>dp</c>; here every such text is an error, so a typo cannot pass for a state.
/// </remarks>
internal static class StateText
{
    public static bool TryParse(string? text, out DestinationFlags stateBits, out string? error)
    {
        stateBits = DestinationFlags.None;
        var state = (text ?? string.Empty).Trim();
        if (state.Length is 0 or > 2)
        {
            error = $"State '{text}' is not a dispatcher state; use a, i, d or t, optionally followed by p (ap, ip, tp).";
            return false;
        }

        DestinationFlags? first = char.ToLowerInvariant(state[0]) switch
        {
            'a' or '1' => DestinationFlags.None,
            'i' or '0' => DestinationFlags.Inactive,
            'd' or '2' => DestinationFlags.Disabled,
            't' or '3' => DestinationFlags.Trying,
            _ => null,
        };
        if (first is null)
        {
            error = $"State '{text}' starts with '{state[0]}'; start with a (active), i (inactive), d (disabled) or t (trying).";
            return false;
        }

        if (state.Length == 2)
        {
            if (char.ToLowerInvariant(state[1]) != 'p')
            {
                error = $"State '{text}' ends with '{state[1]}'; only p (probing) may follow the state letter.";
                return false;
            }

            if (first == DestinationFlags.Disabled)
            {
                error = $"State '{text}': disabled destinations are never probed; use d.";
                return false;
            }

            first |= DestinationFlags.Probing;
        }

        stateBits = first.Value;
        error = null;
        return true;
    }
}
