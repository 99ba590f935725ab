namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// The address other elements reach the edge cluster at over one transport: what Record-Route
/// names, so in-dialog requests come back to the cluster (in Kubernetes, the Service's address, not the pod's).
/// </summary>
internal sealed record ProxyAdvertisedAddress(string Host, int Port = 5060)
{
    public override string ToString() => $"{(Host.Contains(':') && !Host.StartsWith('[') ? $"[{Host}]" : Host)}:{Port}";
}
