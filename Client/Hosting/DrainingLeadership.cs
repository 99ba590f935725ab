using OrleansLB.Client.Health;

namespace OrleansLB.Client.Hosting;

/// <summary>A draining edge probes no more: its prober runs until the drain ends, but sends nothing.</summary>
internal sealed class DrainingLeadership(IProbeLeadership inner, SipEdgeService sip) : IProbeLeadership
{
    public bool IsLeader => !sip.IsDraining && inner.IsLeader;
}
