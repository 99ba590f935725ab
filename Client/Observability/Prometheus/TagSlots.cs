using System.Runtime.CompilerServices;

namespace OrleansLB.Client.Observability.Prometheus;

/// <summary>Room for the tags of one measurement inside a <see cref="TagKey"/>, so that looking a series up allocates nothing.</summary>
[InlineArray(Capacity)]
internal struct TagSlots
{
    public const int Capacity = 4;

    private KeyValuePair<string, object?> _slot;
}
