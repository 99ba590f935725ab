using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Actors;

/// <summary>
/// An administrative change for a set grain, computed against its current set so concurrent
/// health changes are not lost; a null set means the change does not apply (the grain answers
/// <paramref name="NotFound"/>). Same node only: never serialised.
/// </summary>
internal sealed record ApplyAdmin(Func<DestinationSet, (DestinationSet? Set, int Matched)> Change, string NotFound);
