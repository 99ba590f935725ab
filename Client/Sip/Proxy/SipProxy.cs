using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;
using OrleansLB.Client.Sip.Writing;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// The SIP edge's proxy core (RFC 3261 §16), the transaction user of <see cref="SipTransactionLayer"/>.
/// It does what the seeds' <c>request_route</c> does: Max-Forwards (483), loops (482), in-dialog
/// requests by loose routing (404 without a Route to the edge), OPTIONS to the edge (200), REGISTER
/// (a configured answer), CANCEL, and initial requests by the <see cref="RoutingTable"/>: reject, or
/// select through the dispatcher engine, Record-Route, relay, and fail over (<c>failure_route</c>).
/// It is no open relay: initial requests go only to the destinations the rules pick (a pre-loaded
/// Route is removed), and what follows its own Route or Request-URI is relayed only to or from a
/// dispatcher destination (<see cref="ProxyOptions.Relay"/>).
/// </summary>
/// <remarks>
/// Make it after <see cref="SipTransactionLayer.Attach"/>: it takes the layer's addresses, and sets
/// itself as the layer's user. Parallel forking (algorithm 12) is served serially, in its order.
/// </remarks>
internal sealed partial class SipProxy : ISipTransactionUser
{
    private const string Allow = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, PRACK, UPDATE, INFO, REFER, NOTIFY, SUBSCRIBE, MESSAGE\r\n";

    private readonly ConcurrentDictionary<int, SelectionContext> _selection = new();
    private readonly SelectionOptions _selectionOptions;
    private readonly Random _random;
    private readonly byte[]? _hashValueHeader;
    private readonly SourceNetwork[] _relayPeers;
    private readonly ILogger _logger;
    private RoutingTable _routing;
    private string? _drainHeaders;

    public SipProxy(ProxyOptions options, RoutingTable routing, IDispatcherState state, SipTransactionLayer layer,
        TimeProvider? time = null, ILogger<SipProxy>? logger = null, SelectionOptions? selection = null,
        Random? random = null, SipUriResolver? resolver = null, DestinationAddresses? destinations = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(layer);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        Options = options;
        _routing = routing;
        State = state;
        Layer = layer;
        Time = time ?? layer.Time;
        _logger = logger ?? NullLogger<SipProxy>.Instance;
        _selectionOptions = selection ?? SelectionOptions.Default;
        _random = random ?? Random.Shared;
        Resolver = resolver ?? new SipUriResolver(Time);
        Destinations = destinations ?? new DestinationAddresses(state, Resolver);
        _hashValueHeader = options.HashValueHeader is null ? null : Encoding.ASCII.GetBytes(options.HashValueHeader);
        _relayPeers = [.. options.RelayPeers];
        var aliases = new[] { options.AdvertisedUdp, options.AdvertisedTcp }.OfType<ProxyAdvertisedAddress>().Select(a => (a.Host, a.Port));
        Addresses = new SipLocalAddresses(layer.Addresses.Listeners, aliases);
        layer.User = this;
    }

    public ProxyOptions Options { get; }

    /// <summary>The rules for initial requests; replace it to apply a new configuration.</summary>
    public RoutingTable Routing
    {
        get => Volatile.Read(ref _routing);
        set => Volatile.Write(ref _routing, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Whether new out-of-dialog requests are refused (<see cref="StartDraining"/>).</summary>
    public bool IsDraining => Volatile.Read(ref _drainHeaders) is not null;

    internal IDispatcherState State { get; }

    internal SipTransactionLayer Layer { get; }

    internal TimeProvider Time { get; }

    internal SipUriResolver Resolver { get; }

    /// <summary>The dispatcher destinations' addresses: the inside, for the relay rule.</summary>
    internal DestinationAddresses Destinations { get; }

    /// <summary>"Myself": the listeners and the advertised addresses.</summary>
    internal SipLocalAddresses Addresses { get; }

    public void OnRequest(SipServerTransaction transaction, SipInboundMessage request)
    {
        try
        {
            Route(transaction, request);
        }
        catch (Exception e)
        {
            // A routing pattern that timed out lands here too: answer rather than skip to a later rule.
            LogRequestFailed(e, request.CallId);
            transaction.Respond(500, "Server Internal Error");
        }
    }

    /// <summary>An ACK for a 2xx: forwarded statelessly by its Route (§16.11), from either side; without a Route to us, dropped.</summary>
    public void OnAck(SipInboundMessage ack)
    {
        var message = ack.Message;
        var loopHash = SipLoopDetector.Hash(message);
        var removeRoutes = CountOwnRoutes(message, out var hint);
        if (message.MaxForwards == 0 || removeRoutes == 0 || SipLoopDetector.IsLooped(message, loopHash, Addresses))
        {
            LogDropped("ACK", ack.CallId);
            Layer.Metrics?.DroppedNotRouted();
            return;
        }

        var plan = new ProxyForwardPlan { RemoveRoutes = removeRoutes, TransportHint = hint, LoopHash = loopHash };
        var branch = SipIdentifiers.StatelessBranch(loopHash, message.TopVia.Branch);
        _ = ForwardStatelessAsync(ack, NextHopUri(message, removeRoutes), plan, branch);
    }

    /// <summary>A response without a transaction (a late 2xx): with our Via on top, passed to the next Via statelessly (§16.11).</summary>
    public void OnStrayResponse(SipInboundMessage response)
    {
        var message = response.Message;
        if (message.ViaCount < 2 || !Addresses.IsLocal(message.TopVia.Host, message.TopVia.Port)
            || ViaDestination(message.GetVia(1)) is not { } destination
            || !MayRelay(response.Remote, destination) || ForwardedResponse(response) is not { } bytes)
        {
            LogDropped("response", response.CallId);
            Layer.Metrics?.DroppedNotRouted();
            return;
        }

        Layer.SendStateless(destination, bytes);
    }

    /// <summary>
    /// Shutdown: from now on new out-of-dialog requests get 503 with Retry-After, so callers try
    /// another edge, while in-dialog requests, CANCELs, ACKs and responses are still relayed.
    /// </summary>
    public void StartDraining(TimeSpan retryAfter)
        => Volatile.Write(ref _drainHeaders, $"Retry-After: {(long)Math.Ceiling(retryAfter.TotalSeconds)}\r\n");

    internal SipTransportKind TransportFor(SipInboundMessage request, ProxyForwardPlan plan)
        => plan.TransportHint ?? (Options.DefaultTransport == ProxyDefaultTransport.Inbound ? request.Transport : SipTransportKind.Udp);

    /// <summary>
    /// The request as forwarded to <paramref name="destination"/> (§16.6): our Via with
    /// <paramref name="branch"/>, Record-Route when the plan says, our Route values removed, the
    /// received Via annotated. Null when no listener can reach the destination.
    /// </summary>
    internal ReadOnlyMemory<byte>? BuildForward(SipInboundMessage request, ProxyForwardPlan plan, SipEndPoint destination, string branch)
    {
        if (!Addresses.TryGetSentBy(destination, out var sentBy))
        {
            return null;
        }

        var via = $"SIP/2.0/{(destination.Transport == SipTransportKind.Tcp ? "TCP" : "UDP")} {sentBy};branch={branch}";
        var recordRoute = plan.RecordRoute && Options.RecordRoute ? RecordRouteValue(request, destination, sentBy) : null;
        var message = request.Message;
        var output = new ArrayBufferWriter<byte>(message.End - message.Start + 256);
        SipMessageWriter.WriteForwardedRequest(output, message, new SipForwardEdits
        {
            Via = Encoding.ASCII.GetBytes(via),
            RecordRoute = recordRoute is null ? default : Encoding.ASCII.GetBytes(recordRoute),
            RemoveRoutes = plan.RemoveRoutes,
            RemoveAllRoutes = plan.RemoveAllRoutes,
            ViaReceived = request.ViaReceived,
            ViaRPort = request.ViaRPort,
            MaxForwardsIfAbsent = Options.MaxForwards,
        });
        return output.WrittenMemory;
    }

    /// <summary>A response as passed upstream: our Via removed (§16.7 step 3); null when it has no Via below ours.</summary>
    internal static ReadOnlyMemory<byte>? ForwardedResponse(SipInboundMessage response)
    {
        if (response.Message.ViaCount < 2)
        {
            return null;
        }

        var output = new ArrayBufferWriter<byte>(response.Message.End - response.Message.Start);
        SipMessageWriter.WriteForwardedResponse(output, response.Message);
        return output.WrittenMemory;
    }

    internal void ReportCall(CallReport report)
    {
        try
        {
            State.ReportCall(report);
        }
        catch (Exception e)
        {
            LogReportFailed(e, report.GetType().Name);
        }
    }

    internal async ValueTask<bool> ReportCallAsync(CallReport report)
    {
        try
        {
            return await State.ReportCallAsync(report).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReportFailed(e, report.GetType().Name);
            return false;
        }
    }

    internal void ReportHealth(HealthReport report) => _ = ReportHealthAsync(report);

    private async Task ReportHealthAsync(HealthReport report)
    {
        try
        {
            await State.ReportHealthAsync(report).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReportFailed(e, report.GetType().Name);
        }
    }

    private void Route(SipServerTransaction transaction, SipInboundMessage request)
    {
        var message = request.Message;
        LogRequest(Encoding.ASCII.GetString(message.MethodName), request.CallId, request.Remote);
        if (message.Method == SipMethod.Cancel)
        {
            Cancel(transaction, request);
            return;
        }

        if (message.MaxForwards == 0)
        {
            // §16.3 step 3: a proxy may answer an OPTIONS itself instead of refusing it.
            _ = message.Method == SipMethod.Options ? transaction.Respond(200, "OK", Allow) : transaction.Respond(483, "Too Many Hops");
            return;
        }

        var loopHash = SipLoopDetector.Hash(message);
        if (SipLoopDetector.IsLooped(message, loopHash, Addresses))
        {
            LogLoop(request.CallId);
            transaction.Respond(482, "Loop Detected");
            return;
        }

        if (!message.TryGetRequestUri(out _))
        {
            // §16.3 step 2: no scheme but sip, sips and tel can be routed (RFC 4475 §3.3.2, §3.3.3).
            transaction.Respond(416, "Unsupported URI Scheme");
            return;
        }

        if (message.Contains(SipHeaderId.ProxyRequire))
        {
            // §16.3 step 5: this proxy supports no extension a client may require of it (RFC 4475 §3.3.5).
            transaction.Respond(420, "Bad Extension", UnsupportedHeader(message));
            return;
        }

        var removeRoutes = CountOwnRoutes(message, out var hint);
        if (message.HasToTag)
        {
            if (removeRoutes == 0)
            {
                transaction.Respond(404, "Not Here");
                return;
            }

            ForwardInDialog(transaction, request, removeRoutes, hint, loopHash);
            return;
        }

        if (Volatile.Read(ref _drainHeaders) is { } retryAfter)
        {
            transaction.Respond(503, "Service Unavailable", retryAfter);
            return;
        }

        if (message.Method == SipMethod.Options && IsRequestUriLocal(message))
        {
            transaction.Respond(200, "OK", Allow);
            return;
        }

        if (message.Method == SipMethod.Register && Options.RegisterResponseCode != 0)
        {
            transaction.Respond(Options.RegisterResponseCode, Options.RegisterResponseReason);
            return;
        }

        var table = Routing;
        var rule = Match(table, request);
        switch (rule?.Action)
        {
            case DispatchAction dispatch:
                var isInvite = message.Method == SipMethod.Invite;
                _ = DispatchAsync(transaction, request, dispatch, new ProxyForwardPlan
                {
                    RemoveRoutes = removeRoutes,
                    RemoveAllRoutes = true,
                    RecordRoute = message.Method is SipMethod.Invite or SipMethod.Subscribe or SipMethod.Refer,
                    LoopHash = loopHash,
                    IsInvite = isInvite,
                    Action = dispatch,
                    CountsCall = isInvite,
                });
                break;
            case RejectAction reject:
                LogRejected(rule.Name, reject.Code, request.CallId);
                transaction.Respond(reject.Code, reject.Reason);
                break;
            default:
                LogRejected("(no rule)", table.NoMatch.Code, request.CallId);
                transaction.Respond(table.NoMatch.Code, table.NoMatch.Reason);
                break;
        }
    }

    /// <summary>The <c>Unsupported</c> header of a 420: every option tag of the Proxy-Require headers, on one line.</summary>
    private static string UnsupportedHeader(SipMessage message)
    {
        var tags = new List<string>();
        foreach (var value in message.GetValues(SipHeaderId.ProxyRequire))
        {
            var tag = SipSyntax.TrimLws(value.Span);
            if (!tag.IsEmpty && SipSyntax.IsTokenSpan(tag))
            {
                tags.Add(Encoding.ASCII.GetString(tag));
            }
        }

        return tags.Count == 0 ? string.Empty : $"Unsupported: {string.Join(", ", tags)}\r\n";
    }

    /// <summary>§16.10: 200 for the CANCEL, then the INVITE's pending branch is cancelled; 481 when there is no such INVITE.</summary>
    private void Cancel(SipServerTransaction transaction, SipInboundMessage request)
    {
        var invite = Layer.FindInviteTransaction(request);
        if (invite is null)
        {
            transaction.Respond(481, "Call/Transaction Does Not Exist");
            return;
        }

        transaction.Respond(200, "OK");
        if (invite.UserState is ProxyResponseContext context)
        {
            context.Cancel();
        }
        else if (!invite.HasFinalResponse)
        {
            invite.Respond(487, "Request Terminated");
        }
    }

    private void ForwardInDialog(SipServerTransaction transaction, SipInboundMessage request, int removeRoutes, SipTransportKind? hint, uint loopHash)
    {
        var message = request.Message;
        var plan = new ProxyForwardPlan
        {
            RemoveRoutes = removeRoutes,
            TransportHint = hint,
            LoopHash = loopHash,
            IsInvite = message.Method == SipMethod.Invite,
        };

        // The context exists before the relay check, so a CANCEL arriving meanwhile finds it.
        var context = new ProxyResponseContext(this, transaction, request, plan);
        transaction.UserState = context;
        _ = ForwardInDialogAsync(transaction, request, context, plan, NextHopUri(message, removeRoutes));
    }

    private async Task ForwardInDialogAsync(SipServerTransaction transaction, SipInboundMessage request, ProxyResponseContext context, ProxyForwardPlan plan, string nextHop)
    {
        try
        {
            if (!await MayRelayAsync(request, plan, nextHop).ConfigureAwait(false))
            {
                LogRelayDenied(Encoding.ASCII.GetString(request.Message.MethodName), request.CallId, request.Remote, nextHop);
                transaction.Respond(403, "Relaying Denied");
                return;
            }
        }
        catch (Exception e)
        {
            LogRequestFailed(e, request.CallId);
            transaction.Respond(500, "Server Internal Error");
            return;
        }

        ReportCall(request.Message.Method == SipMethod.Bye ? new CallEnded(request.CallId) : new CallActivity(request.CallId));
        await context.StartAsync([new ProxyTarget(nextHop, null)]).ConfigureAwait(false);
    }

    /// <summary>
    /// The relay rule for what follows its own Route or Request-URI: the sender or the next hop must
    /// be inside (a dispatcher destination or a relay peer). A next hop that cannot be resolved
    /// passes here and fails where it is tried.
    /// </summary>
    private async ValueTask<bool> MayRelayAsync(SipInboundMessage request, ProxyForwardPlan plan, string nextHop)
    {
        if (Options.Relay == ProxyRelayPolicy.Open || await IsInsideAsync(request.Remote.EndPoint.Address).ConfigureAwait(false))
        {
            return true;
        }

        var destination = await Resolver.ResolveAsync(nextHop, TransportFor(request, plan)).ConfigureAwait(false);
        return destination is not { } d || await IsInsideAsync(d.EndPoint.Address).ConfigureAwait(false);
    }

    private async ValueTask<bool> IsInsideAsync(IPAddress address)
    {
        var source = SourceAddress.From(address);
        return IsRelayPeer(source) || await Destinations.ContainsAsync(source).ConfigureAwait(false);
    }

    private bool IsRelayPeer(SourceAddress source)
    {
        foreach (var network in _relayPeers)
        {
            if (network.Contains(source))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The relay rule without waiting for names still being looked up (late responses).</summary>
    private bool MayRelay(SipEndPoint from, SipEndPoint to)
    {
        if (Options.Relay == ProxyRelayPolicy.Open)
        {
            return true;
        }

        var source = SourceAddress.From(from.EndPoint.Address);
        var target = SourceAddress.From(to.EndPoint.Address);
        return IsRelayPeer(source) || IsRelayPeer(target) || Destinations.Contains(source) || Destinations.Contains(target);
    }

    private async Task DispatchAsync(SipServerTransaction transaction, SipInboundMessage request, DispatchAction action, ProxyForwardPlan plan)
    {
        // The context exists before the selection, so a CANCEL arriving meanwhile finds it.
        var context = new ProxyResponseContext(this, transaction, request, plan);
        transaction.UserState = context;
        var callId = context.CallId;
        IReadOnlyList<ProxyTarget> targets;
        try
        {
            if (plan.CountsCall && action.Algorithm == DispatcherAlgorithm.CallLoad)
            {
                var started = Stopwatch.GetTimestamp();
                var selecting = State.SelectByCallLoadAsync(action.SetId, callId, action.Limit is > 0 and var limit ? limit : int.MaxValue);
                if (selecting.IsCompleted)
                {
                    // Chosen here, without a round trip (no cluster, or the grains are out of reach); the grain times its own.
                    Layer.Metrics?.SelectionTimed(action.Algorithm, started);
                }

                var selection = await selecting.ConfigureAwait(false);
                targets = selection.IsEmpty ? [] : [.. selection.Destinations.Select(d => new ProxyTarget(d.Uri, d))];
            }
            else
            {
                targets = SelectLocally(request.Message, action, plan.IsInvite);
                if (plan.CountsCall && targets.Count > 0)
                {
                    ReportCall(new CallStarted(callId, action.SetId, targets[0].Destination!.Key));
                }
            }
        }
        catch (Exception e)
        {
            LogRequestFailed(e, callId);
            targets = [];
        }

        if (targets.Count == 0)
        {
            LogNoDestination(action.SetId, callId);
        }
        else if (targets[0].Destination is { } first)
        {
            Layer.Metrics?.Selected(action.SetId, first);
        }

        await context.StartAsync(targets).ConfigureAwait(false);
    }

    private ProxyTarget[] SelectLocally(SipMessage message, DispatchAction action, bool isInvite)
    {
        if (!State.Snapshot.TryGetSet(action.SetId, out var set) || set.Count == 0)
        {
            return [];
        }

        var limit = action.Limit is > 0 and var l ? Math.Min(l, set.Count) : set.Count;
        Span<int> order = limit <= 64 ? stackalloc int[limit] : new int[limit];
        var context = _selection.GetOrAdd(action.SetId, _ => new SelectionContext(_selectionOptions, _random));
        if (!message.TryGetAuthorizationUsername(SipHeaderId.Authorization, out var username))
        {
            message.TryGetAuthorizationUsername(SipHeaderId.ProxyAuthorization, out username);
        }

        ReadOnlySpan<byte> hashValue = default;
        if (_hashValueHeader is not null)
        {
            message.TryGetHeaderValue(_hashValueHeader, out hashValue);
        }

        var started = Stopwatch.GetTimestamp();
        var count = SelectionPolicies.For(action.Algorithm).Select(set, new SelectionRequest
        {
            IsInvite = isInvite,
            CallId = message.CallId,
            FromUri = message.FromUri,
            ToUri = message.ToUri,
            RequestUri = message.RequestUri,
            AuthUsername = username,
            HashValue = hashValue,
        }, context, order);
        Layer.Metrics?.SelectionTimed(action.Algorithm, started);
        var targets = new ProxyTarget[count];
        for (var i = 0; i < count; i++)
        {
            targets[i] = new ProxyTarget(set[order[i]].Uri, set[order[i]]);
        }

        return targets;
    }

    private async Task ForwardStatelessAsync(SipInboundMessage request, string nextHop, ProxyForwardPlan plan, string branch)
    {
        try
        {
            var destination = await Resolver.ResolveAsync(nextHop, TransportFor(request, plan)).ConfigureAwait(false);
            if (destination is { } target && Options.Relay != ProxyRelayPolicy.Open
                && !await IsInsideAsync(request.Remote.EndPoint.Address).ConfigureAwait(false)
                && !await IsInsideAsync(target.EndPoint.Address).ConfigureAwait(false))
            {
                LogRelayDenied("ACK", request.CallId, request.Remote, nextHop);
            }
            else if (destination is { } d && BuildForward(request, plan, d, branch) is { } bytes)
            {
                Layer.SendStateless(d, bytes);
            }
            else
            {
                LogUnusableTarget(nextHop, request.CallId);
            }
        }
        catch (Exception e)
        {
            LogRequestFailed(e, request.CallId);
        }
    }

    private static RoutingRule? Match(RoutingTable table, SipInboundMessage request)
    {
        var message = request.Message;
        var user = string.Empty;
        if (message.TryGetRequestUri(out var uri) && uri.HasUser)
        {
            user = Uri.UnescapeDataString(Encoding.UTF8.GetString(uri.User));
        }

        return table.Match(new RoutingInput(Encoding.ASCII.GetString(message.MethodName), request.Remote.EndPoint.Address, user, new ProxyRoutingHeaders(message)));
    }

    /// <summary>
    /// How many leading Route values name this element: one, or two when the first carries
    /// <c>r2=on</c> (double Record-Route). The hint is the transport the last of them names
    /// (an r2 value without <c>transport</c> stands for UDP): the side the next hop is on.
    /// </summary>
    private int CountOwnRoutes(SipMessage message, out SipTransportKind? hint)
    {
        hint = null;
        var count = 0;
        foreach (var route in message.Routes)
        {
            if (!route.TryGetAddress(out var address) || !address.TryGetUri(out var uri) || uri.Scheme == SipUriScheme.Tel
                || !Addresses.IsLocal(uri.Host, uri.Port))
            {
                break;
            }

            count++;
            var r2 = uri.HasParameter("r2"u8);
            SipUriResolver.TryGetTransport(uri.Transport, out var named);
            hint = named ?? (r2 ? SipTransportKind.Udp : null);
            if (count > 1 || !r2)
            {
                break;
            }
        }

        return count;
    }

    private static string NextHopUri(SipMessage message, int removeRoutes)
    {
        var index = 0;
        foreach (var route in message.Routes)
        {
            if (index++ < removeRoutes)
            {
                continue;
            }

            if (route.TryGetAddress(out var address))
            {
                return Encoding.UTF8.GetString(address.Uri);
            }

            break;
        }

        return Encoding.UTF8.GetString(message.RequestUri);
    }

    private bool IsRequestUriLocal(SipMessage message)
        => message.TryGetRequestUri(out var uri) && uri.Scheme != SipUriScheme.Tel && Addresses.IsLocal(uri.Host, uri.Port);

    /// <summary>
    /// Our Record-Route (rr's <c>record_route()</c>): one value when the request leaves as it came,
    /// else two with <c>r2=on</c>, the outbound side's first, so each side's requests name the address they reach us at.
    /// </summary>
    private string RecordRouteValue(SipInboundMessage request, SipEndPoint destination, string outboundSentBy)
    {
        var inbound = request.Transport;
        var outboundAddress = Options.AdvertisedFor(destination.Transport)?.ToString() ?? outboundSentBy;
        var inboundAddress = Options.AdvertisedFor(inbound)?.ToString()
            ?? (Addresses.TryGetSentBy(request.Remote, out var sentBy) ? sentBy : outboundAddress);
        if (inbound == destination.Transport && inboundAddress == outboundAddress)
        {
            return $"<sip:{outboundAddress}{TransportParameter(inbound)};lr>";
        }

        return $"<sip:{outboundAddress}{TransportParameter(destination.Transport)};lr;r2=on>, <sip:{inboundAddress}{TransportParameter(inbound)};lr;r2=on>";

        static string TransportParameter(SipTransportKind transport) => transport == SipTransportKind.Tcp ? ";transport=tcp" : string.Empty;
    }

    /// <summary>Where a response goes by a Via (§18.2.2, RFC 3581): received or sent-by, rport or port. Null for a name (not looked up).</summary>
    private static SipEndPoint? ViaDestination(SipVia via)
    {
        var host = via.HasReceived ? via.Received : via.Host;
        if (host.Length > 1 && host[0] == '[')
        {
            host = host[1..^1];
        }

        if (!IPAddress.TryParse(Encoding.ASCII.GetString(host), out var address) || via.Transport is not (SipTransport.Udp or SipTransport.Tcp))
        {
            return null;
        }

        var port = via.RPort > 0 ? via.RPort : via.HasPort ? via.Port : SipListenerOptions.DefaultPort;
        return new SipEndPoint(via.Transport == SipTransport.Tcp ? SipTransportKind.Tcp : SipTransportKind.Udp, address, port);
    }
}
