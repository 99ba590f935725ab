using System.Collections.Immutable;

namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>The answers to a <see cref="CallLoadBatch"/>, in the order of its requests.</summary>
internal sealed record CallLoadBatchAnswer(long Id, ImmutableArray<object> Answers);
