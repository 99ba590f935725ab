using System.Collections.Immutable;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

/// <summary>
/// The outcome of reading a <c>dispatcher.list</c>. A failed load carries
/// <see cref="DispatcherSnapshot.Empty"/>, as Kamailio keeps its old list and drops the new
/// one: nothing half-read can be applied by mistake.
/// </summary>
internal sealed record DispatcherListReadResult(DispatcherSnapshot Snapshot, ImmutableArray<DispatcherListError> Errors)
{
    /// <summary>True when no problem is an error (warnings allowed).</summary>
    public bool Succeeded => Errors.All(e => e.IsWarning);
}
