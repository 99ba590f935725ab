using System.Net;

namespace OrleansLB.Client.Sipp;

/// <summary>
/// A request <see cref="RecordRoutingRelay"/> forwarded: its method, the branch of its sender's
/// Via (equal for retransmissions), whether a Route named the relay, and where it went.
/// </summary>
internal sealed record RelayedRequest(string Method, string Branch, bool RoutedToRelay, IPEndPoint Target);
