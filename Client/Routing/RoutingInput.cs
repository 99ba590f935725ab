using System.Net;

namespace OrleansLB.Client.Routing;

/// <summary>
/// What the rules look at in one initial request, as views into the parsed message: nothing is copied.
/// </summary>
internal readonly ref struct RoutingInput
{
    /// <param name="method">The request method, case-sensitive as RFC 3261 §7.1 says (<c>INVITE</c>, not <c>invite</c>).</param>
    /// <param name="source">The address the request came from (the socket's peer, not a Via).</param>
    /// <param name="requestUriUser">The user part of the Request-URI, unescaped; empty when it has none.</param>
    /// <param name="headers">The headers, for rules with a <c>Header</c> condition; <see langword="null"/> makes such rules not match.</param>
    public RoutingInput(ReadOnlySpan<char> method, IPAddress? source, ReadOnlySpan<char> requestUriUser, IRoutingHeaders? headers = null)
    {
        Method = method;
        Source = SourceAddress.From(source);
        RequestUriUser = requestUriUser;
        Headers = headers;
    }

    public ReadOnlySpan<char> Method { get; }

    public SourceAddress Source { get; }

    public ReadOnlySpan<char> RequestUriUser { get; }

    public IRoutingHeaders? Headers { get; }
}
