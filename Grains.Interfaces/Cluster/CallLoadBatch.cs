using System.Collections.Immutable;

namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>
/// Several <see cref="SelectByCallLoad"/> and <see cref="Messages.CallReport"/> from one edge in one
/// message, applied by the call-load grain in order as if they came one by one; the answer is a
/// <see cref="CallLoadBatchAnswer"/>. Under load, one remote message then carries many calls.
/// </summary>
/// <param name="Id">The edge's number for the batch, repeated in the answer.</param>
internal sealed record CallLoadBatch(long Id, ImmutableArray<object> Requests);
