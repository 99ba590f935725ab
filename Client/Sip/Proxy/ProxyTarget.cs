using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>Where one branch goes: a URI, and the dispatcher destination it came from (null for in-dialog next hops).</summary>
internal sealed record ProxyTarget(string Uri, Destination? Destination);
