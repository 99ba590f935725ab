using System.Collections.Concurrent;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>Passes everything to the real state and keeps every report, in order.</summary>
internal sealed class RecordingDispatcherState(IDispatcherState inner) : IDispatcherState
{
    public ConcurrentQueue<object> Reports { get; } = new();

    public DispatcherSnapshot Snapshot => inner.Snapshot;

    public IEnumerable<CallReport> Calls => Reports.OfType<CallReport>();

    public IEnumerable<HealthReport> Health => Reports.OfType<HealthReport>();

    public ValueTask<CallLoadSelection> SelectByCallLoadAsync(int setId, string callId, int limit, CancellationToken cancellationToken = default)
    {
        Reports.Enqueue($"select {setId} {callId}");
        return inner.SelectByCallLoadAsync(setId, callId, limit, cancellationToken);
    }

    public ValueTask<bool> ReportCallAsync(CallReport report, CancellationToken cancellationToken = default)
    {
        Reports.Enqueue(report);
        return inner.ReportCallAsync(report, cancellationToken);
    }

    public void ReportCall(CallReport report)
    {
        Reports.Enqueue(report);
        inner.ReportCall(report);
    }

    public ValueTask ReportHealthAsync(HealthReport report, CancellationToken cancellationToken = default)
    {
        Reports.Enqueue(report);
        return inner.ReportHealthAsync(report, cancellationToken);
    }
}
