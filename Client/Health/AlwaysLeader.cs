namespace OrleansLB.Client.Health;

/// <summary>Single-node mode: the only edge always probes.</summary>
internal sealed class AlwaysLeader : IProbeLeadership
{
    public static AlwaysLeader Instance { get; } = new();

    private AlwaysLeader()
    {
    }

    public bool IsLeader => true;
}
