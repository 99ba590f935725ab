using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Interfaces;

/// <summary>
/// What an edge needs from the authoritative dispatcher state: the current snapshot (the other
/// algorithms select from it locally, with no round trip), call-load selection that counts the
/// call in the same step (algorithm 10 must be atomic with its count), and reports of call and
/// health events. Single-node mode implements it in process; the grain tier implements it with
/// grains. Swapping them is a registration change.
/// </summary>
public interface IDispatcherState
{
    /// <summary>The latest snapshot; never null. Edges read it per request, so it must be cheap.</summary>
    DispatcherSnapshot Snapshot { get; }

    /// <summary>
    /// Algorithm 10 for a new INVITE: the least-loaded destination of the set below its
    /// <c>maxload</c> and the failover list after it, with the call counted on the first.
    /// An empty answer means none has room (the edge answers 503).
    /// </summary>
    ValueTask<CallLoadSelection> SelectByCallLoadAsync(int setId, string callId, int limit, CancellationToken cancellationToken = default);

    /// <summary>A call event: started (other algorithms), moved on failover, confirmed by a 2xx, in-dialog activity, ended.</summary>
    ValueTask<bool> ReportCallAsync(CallReport report, CancellationToken cancellationToken = default);

    /// <summary>
    /// A call event no one waits on (its answer would be dropped): the grain tier sends it with
    /// the next batch without an ask of its own. By default, <see cref="ReportCallAsync"/> with
    /// the answer dropped.
    /// </summary>
    void ReportCall(CallReport report) => _ = ReportCallAsync(report).AsTask();

    /// <summary>A probe result or a failed call, for the destination's state machine.</summary>
    ValueTask ReportHealthAsync(HealthReport report, CancellationToken cancellationToken = default);
}
