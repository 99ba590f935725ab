using System.Net;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Security;

/// <summary>
/// The IP addresses of every dispatcher destination in the current snapshot: "inside" for the
/// rate limiter (destinations are never limited) and for the relay rule (the edge relays only
/// to or from them). Rebuilt when the snapshot changes; addresses are read from the URIs at once,
/// names are looked up in the background and added when they answer. Look-ups do not allocate.
/// </summary>
internal sealed class DestinationAddresses
{
    private readonly IDispatcherState _state;
    private readonly SipUriResolver _resolver;
    private readonly Lock _lock = new();
    private volatile Book _book = new(null, new HashSet<SourceAddress>(), Task.CompletedTask);

    public DestinationAddresses(IDispatcherState state, SipUriResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(resolver);
        _state = state;
        _resolver = resolver;
    }

    /// <summary>Whether <paramref name="address"/> is a destination's, as far as is known now (names still being looked up are not).</summary>
    public bool Contains(SourceAddress address) => Current().Addresses.Contains(address);

    /// <summary>Whether <paramref name="address"/> is a destination's, once the current snapshot's names have been looked up.</summary>
    public async ValueTask<bool> ContainsAsync(SourceAddress address)
    {
        var book = Current();
        if (!book.Resolved.IsCompleted)
        {
            await book.Resolved.ConfigureAwait(false);
            book = Current();
        }

        return book.Addresses.Contains(address);
    }

    private Book Current()
    {
        var snapshot = _state.Snapshot;
        var book = _book;
        return ReferenceEquals(book.Snapshot, snapshot) ? book : Rebuild(snapshot);
    }

    private Book Rebuild(DispatcherSnapshot snapshot)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_book.Snapshot, snapshot))
            {
                return _book;
            }

            var addresses = new HashSet<SourceAddress>();
            var names = new List<string>();
            foreach (var set in snapshot.Sets)
            {
                foreach (var destination in set.Destinations)
                {
                    if (LiteralAddress(destination.Uri) is { } address)
                    {
                        addresses.Add(SourceAddress.From(address));
                    }
                    else
                    {
                        names.Add(destination.Uri);
                    }
                }
            }

            var book = new Book(snapshot, addresses, names.Count == 0 ? Task.CompletedTask : ResolveAsync(snapshot, names));
            _book = book;
            return book;
        }
    }

    private async Task ResolveAsync(DispatcherSnapshot snapshot, List<string> uris)
    {
        // Off the caller's thread: the first request after a new snapshot must not wait for DNS.
        await Task.Yield();
        var found = new List<SourceAddress>();
        foreach (var uri in uris)
        {
            try
            {
                if (await _resolver.ResolveAsync(uri, SipTransportKind.Udp).ConfigureAwait(false) is { } endPoint)
                {
                    found.Add(SourceAddress.From(endPoint.EndPoint.Address));
                }
            }
            catch (Exception)
            {
                // A name that does not resolve is no destination address; the proxy reports the unusable target when it tries it.
            }
        }

        lock (_lock)
        {
            if (ReferenceEquals(_book.Snapshot, snapshot))
            {
                var addresses = new HashSet<SourceAddress>(_book.Addresses);
                addresses.UnionWith(found);
                _book = _book with { Addresses = addresses };
            }
        }
    }

    private static IPAddress? LiteralAddress(string uri)
    {
        // sip:[user@]host[:port][;params]: the host is between the @ (or the scheme) and the port or parameters.
        var rest = uri.AsSpan(uri.IndexOf(':', StringComparison.Ordinal) + 1);
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            rest = rest[(at + 1)..];
        }

        if (rest.StartsWith("["))
        {
            var close = rest.IndexOf(']');
            return close > 0 && IPAddress.TryParse(rest[1..close], out var v6) ? v6 : null;
        }

        var end = rest.IndexOfAny(':', ';', '?');
        return IPAddress.TryParse(end < 0 ? rest : rest[..end], out var v4) ? v4 : null;
    }

    private sealed record Book(DispatcherSnapshot? Snapshot, HashSet<SourceAddress> Addresses, Task Resolved);
}
