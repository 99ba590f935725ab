using System.Collections.Immutable;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>The answer to an algorithm-10 selection: the chosen destination first, then the failover list; empty when none has room.</summary>
public sealed record CallLoadSelection(int SetId, ImmutableArray<Destination> Destinations)
{
    public static CallLoadSelection None(int setId) => new(setId, []);

    public bool IsEmpty => Destinations.IsDefaultOrEmpty;
}
