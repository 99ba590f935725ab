using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Kamailio's <c>dispatcher.*</c> RPC as HTTP under <see cref="Prefix"/>. Reads come from the
/// grains; changes go through <see cref="Grains.Cluster.AdminClient"/>, so each is stored (with its
/// audit row), applied by the set grain and pushed to every edge before the answer.
/// </summary>
internal static class DispatcherEndpoints
{
    public const string Prefix = "/api/v1/dispatcher";

    private const string Json = "application/json";

    public static RouteGroupBuilder MapDispatcherEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .AddEndpointFilter<GrainTierFailures>()
            .AddEndpointFilter<AdminAuthorization>()
            .WithTags("dispatcher")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/sets", ListAsync)
            .WithName("list").WithSummary("dispatcher.list: every set and destination with flags, priority, attributes, active calls and latency")
            .Produces<DispatcherListResponse>();
        api.MapGet("/sets/{setId}", GetSetAsync)
            .WithName("list_set").WithSummary("dispatcher.list for one set")
            .Produces<SetView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/sets/{setId}/state", SetStateAsync)
            .WithName("set_state").WithSummary("dispatcher.set_state / set_duid_state: state a, i, d or t (+p) for a URI, a duid or all")
            .Accepts<SetStateRequest>(Json).Produces<ChangeResponse>().WithChangeProblems();
        api.MapPost("/sets/{setId}/destinations", AddAsync)
            .WithName("add").WithSummary("dispatcher.add: a destination (flags, priority, attrs, description); stored, so it outlives restarts unless a list file replaces it")
            .Accepts<AddDestinationRequest>(Json).Produces<ChangeResponse>().WithChangeProblems();
        api.MapDelete("/sets/{setId}/destinations", RemoveAsync)
            .WithName("remove").WithSummary("dispatcher.remove: the destinations with this URI (?uri=) or duid (?duid=)")
            .Produces<ChangeResponse>().WithChangeProblems();
        api.MapPost("/reload", ReloadAsync)
            .WithName("reload").WithSummary("dispatcher.reload: re-read the list file (or the store) and apply the difference by destination identity")
            .Produces<ReloadResponse>().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/ping-active", GetPingActive)
            .WithName("ping_active_get").WithSummary("dispatcher.ping_active: whether the edges send OPTIONS probes")
            .Produces<PingActiveResponse>();
        api.MapPut("/ping-active", SetPingActiveAsync)
            .WithName("ping_active_set").WithSummary("dispatcher.ping_active 0|1: suspend or resume probing on every edge")
            .Accepts<PingActiveRequest>(Json).Produces<PingActiveResponse>().WithChangeProblems();
        api.MapGet("/sets/{setId}/hash", HashAsync)
            .WithName("hash").WithSummary("dispatcher.hash: the destination a key maps to with each hash algorithm (0, 1, 2, 3, 5, 7) or one (?algorithm=)")
            .Produces<HashResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static RouteHandlerBuilder WithChangeProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> ListAsync(DispatcherGateway gateway, CancellationToken cancellationToken)
    {
        var sets = await gateway.ReadSetsAsync(cancellationToken).ConfigureAwait(false);
        var calls = await gateway.ReadCallsAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new DispatcherListResponse([.. sets.Select(s => View(s, calls))]));
    }

    private static async Task<IResult> GetSetAsync(string setId, DispatcherGateway gateway, CancellationToken cancellationToken)
    {
        if (!TryParseSetId(setId, out var id, out var problem))
        {
            return problem;
        }

        var set = await gateway.ReadSetAsync(id, cancellationToken).ConfigureAwait(false);
        return set is null ? AdminProblems.SetNotFound(id) : TypedResults.Ok(View(set, await gateway.ReadCallsAsync(cancellationToken).ConfigureAwait(false)));
    }

    private static async Task<IResult> SetStateAsync(
        string setId, HttpContext http, DispatcherGateway gateway, AdminRequestBody body, CancellationToken cancellationToken)
    {
        if (!TryParseSetId(setId, out var id, out var problem))
        {
            return problem;
        }

        var (request, bad) = await body.ReadAsync(http.Request, AdminJsonContext.Default.SetStateRequest, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return bad!;
        }

        if (request.State is null)
        {
            return AdminProblems.MissingField("state", "Give the state: a, i, d or t, optionally followed by p (ap, ip, tp).");
        }

        if (!StateText.TryParse(request.State, out _, out var stateError))
        {
            return AdminProblems.InvalidField("state", request.State, stateError!);
        }

        var targets = (request.Uri is null ? 0 : 1) + (request.Duid is null ? 0 : 1) + (request.All is null ? 0 : 1);
        if (targets != 1 || request.All == false)
        {
            return AdminProblems.InvalidField(request.Uri is not null ? "uri" : request.Duid is not null ? "duid" : "all", null,
                "Name exactly one target: \"uri\" (a destination URI), \"duid\" (a destination's duid) or \"all\": true (every destination of the set).");
        }

        var set = await gateway.ReadSetAsync(id, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return AdminProblems.SetNotFound(id);
        }

        string field;
        string target;
        List<string> keys;
        if (request.All == true)
        {
            (field, target, keys) = ("all", AdminSetState.All, [AdminSetState.All]);
        }
        else if (request.Duid is { } duid)
        {
            if (!DestinationInput.TryCheckKey(duid, "duid", out problem))
            {
                return problem!;
            }

            (field, target) = ("duid", duid);
            keys = [.. set.Set.Destinations.Where(d => string.Equals(d.Attributes.Duid, duid, StringComparison.OrdinalIgnoreCase)).Select(d => d.Key).Distinct(StringComparer.OrdinalIgnoreCase)];
        }
        else
        {
            if (!DestinationInput.TryCheckUri(request.Uri!, "uri", out var uri, out problem))
            {
                return problem!;
            }

            // Kamailio matches set_state by address; the grains and the store key destinations by duid (or URI without one).
            (field, target) = ("uri", request.Uri!);
            keys = [.. set.Set.Destinations.Where(d => string.Equals(d.Uri, uri, StringComparison.OrdinalIgnoreCase)).Select(d => d.Key).Distinct(StringComparer.OrdinalIgnoreCase)];
        }

        if (keys.Count == 0)
        {
            return AdminProblems.DestinationNotFound(id, field, target);
        }

        var actor = ActorOf(http);
        var matched = 0;
        foreach (var key in keys)
        {
            var result = await gateway.RunAsync(a => a.SetStateAsync(id, key, request.State.Trim(), actor, cancellationToken)).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                AdminLog.ChangeRefused(gateway.Logger, "set_state", actor, result.Error ?? string.Empty);
                return Refused(result, id, field, target);
            }

            matched += result.Matched;
        }

        AdminLog.ChangeApplied(gateway.Logger, "set_state " + request.State.Trim(), id, target, actor, matched);
        return await ChangedAsync(gateway, id, matched, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> AddAsync(
        string setId, HttpContext http, DispatcherGateway gateway, AdminRequestBody body, CancellationToken cancellationToken)
    {
        if (!TryParseSetId(setId, out var id, out var problem))
        {
            return problem;
        }

        var (request, bad) = await body.ReadAsync(http.Request, AdminJsonContext.Default.AddDestinationRequest, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return bad!;
        }

        if (!DestinationInput.TryCreate(id, request, out var destination, out problem))
        {
            return problem!;
        }

        var actor = ActorOf(http);
        var result = await gateway.RunAsync(a => a.AddAsync(id, destination, actor, cancellationToken)).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            AdminLog.ChangeRefused(gateway.Logger, "add", actor, result.Error ?? string.Empty);
            return Refused(result, id, destination.Attributes.Duid is null ? "uri" : "attrs", destination.Key);
        }

        AdminLog.ChangeApplied(gateway.Logger, "add", id, destination.Uri, actor, result.Matched);
        return await ChangedAsync(gateway, id, result.Matched, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> RemoveAsync(
        string setId, [FromQuery] string? uri, [FromQuery] string? duid, HttpContext http, DispatcherGateway gateway, CancellationToken cancellationToken)
    {
        if (!TryParseSetId(setId, out var id, out var problem))
        {
            return problem;
        }

        if ((uri is null) == (duid is null))
        {
            return AdminProblems.InvalidField(uri is null ? "uri" : "duid", null, "Name the destination to remove with exactly one of ?uri= or ?duid=.");
        }

        string field;
        string target;
        string? normalized = null;
        if (duid is not null)
        {
            if (!DestinationInput.TryCheckKey(duid, "duid", out problem))
            {
                return problem!;
            }

            (field, target) = ("duid", duid);
        }
        else if (!DestinationInput.TryCheckUri(uri!, "uri", out normalized, out problem))
        {
            return problem!;
        }
        else
        {
            (field, target) = ("uri", uri!);
        }

        var set = await gateway.ReadSetAsync(id, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return AdminProblems.SetNotFound(id);
        }

        List<string> keys = [.. set.Set.Destinations
            .Where(d => duid is not null ? string.Equals(d.Attributes.Duid, duid, StringComparison.OrdinalIgnoreCase) : string.Equals(d.Uri, normalized, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Key)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        if (keys.Count == 0)
        {
            return AdminProblems.DestinationNotFound(id, field, target);
        }

        var actor = ActorOf(http);
        var matched = 0;
        foreach (var key in keys)
        {
            var result = await gateway.RunAsync(a => a.RemoveAsync(id, key, actor, cancellationToken)).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                AdminLog.ChangeRefused(gateway.Logger, "remove", actor, result.Error ?? string.Empty);
                return Refused(result, id, field, target);
            }

            matched += result.Matched;
        }

        AdminLog.ChangeApplied(gateway.Logger, "remove", id, target, actor, matched);
        return await ChangedAsync(gateway, id, matched, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ReloadAsync(HttpContext http, DispatcherGateway gateway, CancellationToken cancellationToken)
    {
        var actor = ActorOf(http);
        var before = Refs(await gateway.ReadSetsAsync(cancellationToken).ConfigureAwait(false));
        var result = await gateway.RunAsync(a => a.ReloadAsync(actor, cancellationToken)).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            AdminLog.ChangeRefused(gateway.Logger, "reload", actor, result.Error ?? string.Empty);
            return AdminProblems.Create(StatusCodes.Status409Conflict, "reload-failed", "The reload was refused; the sets are unchanged", result.Error ?? "The reload failed.", null, null);
        }

        var after = Refs(await gateway.ReadSetsAsync(cancellationToken).ConfigureAwait(false));
        var added = after.Where(a => !before.Any(b => Same(a, b))).ToList();
        var removed = before.Where(b => !after.Any(a => Same(a, b))).ToList();
        AdminLog.Reloaded(gateway.Logger, actor, after.Count, added.Count, removed.Count);
        return TypedResults.Ok(new ReloadResponse(after.Count, added, removed));
    }

    private static IResult GetPingActive(DispatcherGateway gateway) => TypedResults.Ok(new PingActiveResponse(gateway.PingActive.IsActive));

    private static async Task<IResult> SetPingActiveAsync(
        HttpContext http, DispatcherGateway gateway, AdminRequestBody body, CancellationToken cancellationToken)
    {
        var (request, bad) = await body.ReadAsync(http.Request, AdminJsonContext.Default.PingActiveRequest, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return bad!;
        }

        if (request.Active is not { } active)
        {
            return AdminProblems.MissingField("active", "Give \"active\": true (probe) or false (suspend probing).");
        }

        PingActive answer;
        try
        {
            answer = await gateway.PingActive.SetAsync(active, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch (Akka.Actor.AskTimeoutException e)
        {
            throw new GrainTierUnavailableException("The silos did not confirm the ping_active change in time.", e);
        }

        AdminLog.PingActiveSet(gateway.Logger, answer.Active, ActorOf(http));
        return TypedResults.Ok(new PingActiveResponse(answer.Active));
    }

    private static async Task<IResult> HashAsync(
        string setId, [FromQuery] string? key, [FromQuery] string? algorithm, DispatcherGateway gateway, AdminOptions options, CancellationToken cancellationToken)
    {
        if (!TryParseSetId(setId, out var id, out var problem))
        {
            return problem;
        }

        if (string.IsNullOrEmpty(key))
        {
            return AdminProblems.MissingField("key", "Give the key to place: ?key=<Call-ID, URI, username or value>.");
        }

        if (key.Length > DestinationInput.MaxKeyLength)
        {
            return AdminProblems.InvalidField("key", key, $"A key is at most {DestinationInput.MaxKeyLength} characters.");
        }

        int? only = null;
        if (algorithm is not null)
        {
            if (!int.TryParse(algorithm, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !HashLookup.IsHashAlgorithm(number))
            {
                return AdminProblems.InvalidField("algorithm", algorithm, "The hash algorithms are 0 (Call-ID), 1 (From), 2 (To), 3 (Request-URI), 5 (auth username) and 7 (value).");
            }

            only = number;
        }

        var set = await gateway.ReadSetAsync(id, cancellationToken).ConfigureAwait(false);
        return set is null ? AdminProblems.SetNotFound(id) : TypedResults.Ok(HashLookup.Compute(set.Set, key, options.Selection, only));
    }

    private static async Task<IResult> ChangedAsync(DispatcherGateway gateway, int setId, int matched, CancellationToken cancellationToken)
    {
        var set = await gateway.ReadSetAsync(setId, cancellationToken).ConfigureAwait(false);
        var view = set is null ? new SetView(setId, 0, []) : View(set, await gateway.ReadCallsAsync(cancellationToken).ConfigureAwait(false));
        return TypedResults.Ok(new ChangeResponse(matched, view));
    }

    private static SetView View(SetSnapshot snapshot, CallCounts calls) =>
        new(snapshot.Set.SetId, snapshot.Version, [.. snapshot.Set.Destinations.Select(d => DestinationView.From(d, calls.For(snapshot.Set.SetId, d.Key)))]);

    private static List<DestinationRef> Refs(IReadOnlyList<SetSnapshot> sets) =>
        [.. sets.SelectMany(s => s.Set.Destinations.Select(d => new DestinationRef(s.Set.SetId, d.Key, d.Uri)))];

    private static bool Same(DestinationRef a, DestinationRef b) =>
        a.Set == b.Set && string.Equals(a.Key, b.Key, StringComparison.OrdinalIgnoreCase);

    /// <summary>Who the audit names: the API and the caller's address (there is one token, so no user).</summary>
    private static string ActorOf(HttpContext http) => "api@" + AdminAuthorization.RemoteOf(http);

    private static bool TryParseSetId(string text, out int setId, out IResult problem)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out setId))
        {
            problem = null!;
            return true;
        }

        problem = AdminProblems.InvalidField("setId", text, "A set id is a whole number, 0 or more.");
        return false;
    }

    /// <summary>The grains answer in words; the HTTP status says which kind of refusal it was.</summary>
    private static IResult Refused(AdminResult result, int setId, string field, string value)
    {
        var error = result.Error ?? "The change was refused.";
        if (error.StartsWith("Unknown set", StringComparison.Ordinal))
        {
            return AdminProblems.SetNotFound(setId);
        }

        if (error.Contains("has no destination", StringComparison.Ordinal))
        {
            return AdminProblems.DestinationNotFound(setId, field, value);
        }

        if (error.Contains("already has destination", StringComparison.Ordinal))
        {
            return AdminProblems.Conflict(field, value, error);
        }

        return AdminProblems.Create(StatusCodes.Status503ServiceUnavailable, "not-applied", "The change was not made", error, null, null);
    }
}
