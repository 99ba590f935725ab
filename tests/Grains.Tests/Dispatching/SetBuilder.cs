using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Dispatching;

/// <summary>Builds destination sets for policy tests from short descriptions.</summary>
internal static class SetBuilder
{
    /// <summary>One destination per attrs string, on ports 5071, 5072 …, all priority 0 and active, written in this order.</summary>
    public static DestinationSet Equal(params string[] attrs) =>
        Build(attrs.Select((a, i) => (5071 + i, 0, DestinationFlags.None, a)).ToArray());

    public static DestinationSet Build(params (int Port, int Priority, DestinationFlags Flags, string Attrs)[] destinations) =>
        DestinationSet.Create(1, destinations.Select(d =>
        {
            Assert.True(DestinationAttributes.TryParse(d.Attrs, out var attributes, out var error), error);
            return new Destination($"sip:127.0.0.1:{d.Port}", d.Flags, d.Priority, attributes);
        }));

    public static DestinationSet WithFlags(this DestinationSet set, int port, DestinationFlags flags)
    {
        var index = set.IndexOf($"sip:127.0.0.1:{port}");
        return set.With(index, set[index] with { Flags = flags });
    }

    public static int PortAt(this DestinationSet set, int index) => int.Parse(set[index].Uri[(set[index].Uri.LastIndexOf(':') + 1)..]);

    /// <summary>Runs a policy and returns the ports it chose, in order.</summary>
    public static int[] Ports(this ISelectionPolicy policy, DestinationSet set, SelectionContext context, int limit = 16, int[]? loads = null, bool invite = true)
    {
        Span<int> order = stackalloc int[limit];
        var request = new SelectionRequest { IsInvite = invite, CallLoads = loads ?? [] };
        var n = policy.Select(set, request, context, order);
        return order[..n].ToArray().Select(set.PortAt).ToArray();
    }

    /// <summary>How often each port comes first over <paramref name="picks"/> selections.</summary>
    public static Dictionary<int, int> Shares(this ISelectionPolicy policy, DestinationSet set, SelectionContext context, int picks)
    {
        var counts = set.Destinations.ToDictionary(d => int.Parse(d.Uri[(d.Uri.LastIndexOf(':') + 1)..]), _ => 0);
        Span<int> order = stackalloc int[1];
        for (var i = 0; i < picks; i++)
        {
            if (policy.Select(set, default, context, order) == 1)
            {
                counts[set.PortAt(order[0])]++;
            }
        }

        return counts;
    }

    public static SelectionContext Seeded(int seed = 42) => new(SelectionOptions.Default, new Random(seed));
}
