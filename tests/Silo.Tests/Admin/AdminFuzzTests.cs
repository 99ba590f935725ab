using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Issue 6's hostile-input item for the admin API: random JSON (and not-JSON) thrown at every
/// change endpoint of a real silo that keeps its sets in the store alone. After each request the
/// store is unchanged when the answer was an error, and otherwise holds exactly what the grains
/// hold, every destination in it still valid; a restart at the end loads it all back.
/// </summary>
[Collection(AdminSiloCollection.Name)]
public sealed class AdminFuzzTests : IAsyncLifetime
{
    private const int Cases = 150;

    private static readonly HttpStatusCode[] Allowed =
    [
        HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound,
        HttpStatusCode.MethodNotAllowed, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType,
    ];

    private AdminSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await AdminSilo.StartAsync(storeOnly: true);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ChangeEndpoints_RandomBodies_StoreUnchangedOrAValidAppliedChange()
    {
        // Fixed, so that a run is repeatable and the count of well-formed requests below is known to hold.
        const ulong seed = 20261122;
        var requests = Gen.Sample(Requests(), 20, new Rnd(seed), Cases);
        var applied = 0;
        foreach (var fuzz in requests)
        {
            var before = await _silo.Store.LoadAsync(CancellationToken.None);

            using var response = await SendAsync(fuzz);

            var context = $"seed {seed}: {fuzz} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            Assert.True(Allowed.Contains(response.StatusCode), context);
            var after = await _silo.Store.LoadAsync(CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", context);
                Assert.True(Describe(before.Snapshot) == Describe(after.Snapshot), context);
                Assert.True(before.AdminStates.Select(s => (s.SetId, s.DestinationKey, s.State)).SequenceEqual(after.AdminStates.Select(s => (s.SetId, s.DestinationKey, s.State))), context);
            }
            else
            {
                applied++;
            }

            Assert.True(Describe(after.Snapshot) == Describe(await GrainsAsync()), context);
            foreach (var set in after.Snapshot.Sets)
            {
                foreach (var d in set.Destinations)
                {
                    var valid = DestinationInput.TryCreate(set.SetId, new AddDestinationRequest(d.Uri, (int)d.Flags, d.Priority, d.Attributes.ToString(), d.Description), out _, out _);
                    Assert.True(valid, $"{context}: stored destination {d} is not valid");
                }
            }
        }

        // Enough of the generated requests are well-formed that the store really changed along the way.
        Assert.True(applied >= 5, $"seed {seed}: only {applied} of {Cases} requests applied");
        var last = Describe(await GrainsAsync());
        await _silo.RestartAsync();
        Assert.Equal(last, Describe(await GrainsAsync()));
    }

    private async Task<DispatcherSnapshot> GrainsAsync()
    {
        var sets = await _silo.App.Services.GetRequiredService<DispatcherGateway>().ReadSetsAsync(CancellationToken.None);
        return new DispatcherSnapshot(0, sets.Select(s => s.Set).Where(s => s.Count > 0));
    }

    private static string Describe(DispatcherSnapshot snapshot) => string.Join('\n', snapshot.Sets.Where(s => s.Count > 0).SelectMany(s =>
        s.Destinations.Select(d => $"{s.SetId}|{d.Uri}|{d.Key}|{(int)d.Flags}|{d.Priority}|{d.Attributes}|{d.Description}")));

    private async Task<HttpResponseMessage> SendAsync(FuzzRequest fuzz)
    {
        using var request = _silo.Request(fuzz.Method, fuzz.Path, token: fuzz.Token);
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(fuzz.Body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
        }

        using var timeout = new CancellationTokenSource(AdminSilo.Deadline);
        return await _silo.Http.SendAsync(request, timeout.Token);
    }

    private static Gen<FuzzRequest> Requests()
    {
        var setId = Gen.Elements("1", "2", "3", "0", "-1", "x", "99999999999");
        var route = Gen.Frequency(
            (4, setId.Select(s => (HttpMethod.Post, $"/api/v1/dispatcher/sets/{s}/state"))),
            (4, setId.Select(s => (HttpMethod.Post, $"/api/v1/dispatcher/sets/{s}/destinations"))),
            (2, from s in setId
                from query in Gen.Elements("uri=sip:127.0.0.1:5996", "duid=ast7", "duid=fz1", "uri=127.0.0.1:5901", "uri=%00", "duid=", "uri=a&duid=b", "")
                select (HttpMethod.Delete, $"/api/v1/dispatcher/sets/{s}/destinations?{query}")),
            (1, Gen.Constant((HttpMethod.Put, "/api/v1/dispatcher/ping-active"))),
            (1, Gen.Constant((HttpMethod.Post, "/api/v1/dispatcher/reload"))));
        var token = Gen.Frequency((18, Gen.Constant<string?>(AdminSilo.Token)), (1, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>("wrong-token-0123456789")));
        var contentType = Gen.Frequency((18, Gen.Constant("application/json")), (1, Gen.Constant("text/plain")), (1, Gen.Constant("application/json; charset=utf-16")));
        var fuzzed = from r in route
               from body in Gen.Frequency((12, JsonObject()), (2, Garbage()), (1, Gen.Constant<string?>(null)))
               from t in token
               from c in contentType
               select new FuzzRequest(r.Item1, r.Item2, body, c, t);
        return Gen.Frequency((1, WellFormed()), (3, fuzzed));
    }

    /// <summary>Changes the API accepts, so that the store does change along the way and not only refuses.</summary>
    private static Gen<FuzzRequest> WellFormed()
    {
        var add = from port in Gen.Choose(5900, 5999)
                  from priority in Gen.Choose(0, 9)
                  from duid in Gen.Elements("fz1", "fz2", "fz3")
                  select new FuzzRequest(HttpMethod.Post, "/api/v1/dispatcher/sets/1/destinations",
                      $"{{\"uri\":\"sip:127.0.0.1:{port}\",\"flags\":0,\"priority\":{priority},\"attrs\":\"duid={duid};weight=10\"}}",
                      "application/json", AdminSilo.Token);
        var setState = from state in Gen.Elements("a", "i", "d", "ap", "ip")
                       select new FuzzRequest(HttpMethod.Post, "/api/v1/dispatcher/sets/1/state",
                           $"{{\"state\":\"{state}\",\"all\":true}}", "application/json", AdminSilo.Token);
        return Gen.OneOf(add, setState);
    }

    private static Gen<string?> JsonObject()
    {
        var names = Gen.Elements("state", "uri", "duid", "all", "flags", "priority", "attrs", "description", "active", "State", "extra", "");
        var member = from name in names
                     from value in Value(2)
                     select $"{Quote(name)}:{value}";
        return Gen.ListOf(member).Select(members => (string?)("{" + string.Join(",", members.Take(6)) + "}"));
    }

    private static Gen<string> Value(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Elements("a", "i", "d", "t", "ap", "ip", "tp", "dp", "x", "AP", "0", "1").Select(Quote),
            Gen.Elements("sip:127.0.0.1:5996", "127.0.0.1:5901", "sip:[::1]:5902", "sip:fz@host.example:5903;transport=tcp", "tel:+1", "sip:a b", "sip:127.0.0.1:70000").Select(Quote),
            Gen.Elements("ast6", "ast7", "fz1", "all", "duid=fz1;weight=20", "duid=fz2;maxload=5;prefix=49", "weight=x", "duid=", "a=b;=c", "duid=fz3\t").Select(Quote),
            Gen.Elements("Fuzz one", "a #b", "two\nlines", "  ", "<script>alert(1)</script>", "é ü ✓", new string('z', 300)).Select(Quote),
            Gen.Elements("0", "8", "63", "64", "-1", "2147483648", "1.5", "1e3", "true", "false", "null"));
        return depth == 0
            ? scalar
            : Gen.Frequency((8, scalar), (1, Gen.ListOf(Value(depth - 1)).Select(v => "[" + string.Join(",", v.Take(3)) + "]")));
    }

    private static Gen<string?> Garbage() => Gen.Elements<string?>(
        "{", "}", "{\"state\":", "[]", "\"text\"", "{'state':'a'}", "{\"state\":\"a\",}", "\u0000", "{\"state\":\"a\"}{}", new string('[', 100), "{\"state\":\"\\ud800\"}");

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private sealed record FuzzRequest(HttpMethod Method, string Path, string? Body, string ContentType, string? Token);
}
