namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>Kamailio's reading of the state bits.</summary>
public static class DestinationFlagsExtensions
{
    /// <summary>The bits that only the state machine and operators move; the rest are configuration.</summary>
    public const DestinationFlags StateMask =
        DestinationFlags.Inactive | DestinationFlags.Trying | DestinationFlags.Disabled | DestinationFlags.Probing;

    /// <summary>Kamailio's <c>ds_skip_dst</c>: inactive or disabled destinations are never selected; trying ones still are.</summary>
    public static bool IsSkipped(this DestinationFlags flags) =>
        (flags & (DestinationFlags.Inactive | DestinationFlags.Disabled)) != 0;

    /// <summary>
    /// The two letters of <c>kamcmd dispatcher.list</c>: first I, D, T or A (checked in that
    /// order), then P (probing), N (no ping) or X.
    /// </summary>
    public static string ToKamailioLetters(this DestinationFlags flags)
    {
        var first = (flags & DestinationFlags.Inactive) != 0 ? 0
            : (flags & DestinationFlags.Disabled) != 0 ? 1
            : (flags & DestinationFlags.Trying) != 0 ? 2
            : 3;
        var second = (flags & DestinationFlags.Probing) != 0 ? 0
            : (flags & DestinationFlags.NoPing) != 0 ? 1
            : 2;
        return Letters[(first * 3) + second];
    }

    private static readonly string[] Letters = ["IP", "IN", "IX", "DP", "DN", "DX", "TP", "TN", "TX", "AP", "AN", "AX"];
}
