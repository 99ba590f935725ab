using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansLB.Client.Hosting;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

[Collection(AdminSiloCollection.Name)]
public sealed class DispatcherEndpointsTests(AdminSiloFixture fixture) : IClassFixture<AdminSiloFixture>
{
    private const string Sets = "/api/v1/dispatcher/sets";

    private AdminSilo Silo => fixture.Silo;

    [Fact]
    public async Task List_Loopback_ShowsKamailioFlagsAttributesAndActiveCalls()
    {
        using var timeout = new CancellationTokenSource(AdminSilo.Deadline);
        var selection = await Silo.Edge.SelectByCallLoadAsync(2, "list-call-1", 1, timeout.Token);
        var counted = selection.Destinations[0].Uri;

        JsonElement set2 = default;
        await AdminSilo.WaitUntilAsync(async () =>
        {
            var list = await Silo.GetJsonAsync(Sets);
            set2 = list.GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == 2);
            return Destination(set2, counted).GetProperty("activeCalls").GetInt32() == 1;
        }, "the counted call shows in list");

        var set1 = (await Silo.GetJsonAsync(Sets)).GetProperty("sets")[0];
        var ast1 = Destination(set1, "sip:127.0.0.1:5998");
        var ast2 = Destination(set1, "sip:127.0.0.1:5999");
        Assert.Equal(1, set1.GetProperty("id").GetInt32());
        Assert.Equal(["sip:127.0.0.1:5998", "sip:127.0.0.1:5999", "sip:127.0.0.1:5997"], set1.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("uri").GetString()));
        Assert.Equal("AX", ast1.GetProperty("flags").GetString());
        Assert.Equal("AP", ast2.GetProperty("flags").GetString());
        Assert.Equal(10, ast1.GetProperty("priority").GetInt32());
        Assert.Equal("ast1", ast1.GetProperty("duid").GetString());
        Assert.Equal("duid=ast1;maxload=2;weight=50", ast1.GetProperty("attrs").GetString());
        Assert.Equal(2, ast1.GetProperty("maxLoad").GetInt32());
        Assert.Equal("Asterisk one", ast1.GetProperty("description").GetString());
        Assert.Equal(0, ast1.GetProperty("latency").GetProperty("timeouts").GetInt64());
        Assert.Equal(1, set2.GetProperty("destinations").EnumerateArray().Sum(d => d.GetProperty("activeCalls").GetInt32()));
    }

    [Fact]
    public async Task GetSet_UnknownOrNotANumber_IsProblemNamingTheSet()
    {
        using var unknown = await Silo.SendAsync(HttpMethod.Get, $"{Sets}/42", token: null);
        using var word = await Silo.SendAsync(HttpMethod.Get, $"{Sets}/one", token: null);

        var notFound = await ProblemAsync(unknown, HttpStatusCode.NotFound);
        var bad = await ProblemAsync(word, HttpStatusCode.BadRequest);
        Assert.Equal("urn:orleanslb:problem:set-not-found", notFound.GetProperty("type").GetString());
        Assert.Equal("42", notFound.GetProperty("value").GetString());
        Assert.Equal("setId", bad.GetProperty("field").GetString());
        Assert.Equal("one", bad.GetProperty("value").GetString());
    }

    [Fact]
    public async Task SetState_ByUri_StoredAndTheEdgeObeys()
    {
        using var response = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", """{"state":"ip","uri":"sip:127.0.0.1:5997"}""");

        var body = await OkAsync(response);
        Assert.Equal(1, body.GetProperty("matched").GetInt32());
        Assert.Equal("IP", Destination(body.GetProperty("set"), "sip:127.0.0.1:5997").GetProperty("flags").GetString());
        await AdminSilo.WaitUntilAsync(
            () => Task.FromResult(EdgeFlags(1, "sip:127.0.0.1:5997") == (DestinationFlags.Inactive | DestinationFlags.Probing)),
            "the edge's snapshot shows the destination inactive and probing");
        var stored = await Silo.Store.LoadAsync(CancellationToken.None);
        Assert.Contains(stored.AdminStates, s => s.SetId == 1 && s.DestinationKey == "sip:127.0.0.1:5997" && s.State == (DestinationFlags.Inactive | DestinationFlags.Probing));
    }

    [Fact]
    public async Task SetState_ByDuidThenAll_ChangesTheNamedThenEveryDestination()
    {
        using var one = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/2/state", """{"state":"d","duid":"ast7"}""");
        var afterOne = await OkAsync(one);
        Assert.Equal("DX", Destination(afterOne.GetProperty("set"), "sip:127.0.0.1:5995").GetProperty("flags").GetString());
        Assert.Equal("AX", Destination(afterOne.GetProperty("set"), "sip:127.0.0.1:5996").GetProperty("flags").GetString());

        using var all = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/2/state", """{"state":"a","all":true}""");

        var afterAll = await OkAsync(all);
        Assert.Equal(2, afterAll.GetProperty("matched").GetInt32());
        Assert.All(afterAll.GetProperty("set").GetProperty("destinations").EnumerateArray(), d => Assert.Equal("AX", d.GetProperty("flags").GetString()));
        await AdminSilo.WaitUntilAsync(() => Task.FromResult(EdgeFlags(2, "sip:127.0.0.1:5995") == DestinationFlags.None), "the edge sees ast7 active again");
    }

    [Fact]
    public async Task SetState_NoTokenOrWrongToken_401WithChallengeAndNothingChanges()
    {
        var before = await Silo.FlagsAsync(1, "sip:127.0.0.1:5998");

        using var none = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", """{"state":"d","duid":"ast1"}""", token: null);
        using var wrong = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", """{"state":"d","duid":"ast1"}""", token: "not-the-token-at-all-0000000000");

        var noneProblem = await ProblemAsync(none, HttpStatusCode.Unauthorized);
        await ProblemAsync(wrong, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer realm=\"orleanslb-admin\"", none.Headers.WwwAuthenticate.ToString());
        Assert.Contains("error=\"invalid_token\"", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("Authorization", noneProblem.GetProperty("field").GetString());
        Assert.Equal(before, await Silo.FlagsAsync(1, "sip:127.0.0.1:5998"));
        Assert.DoesNotContain((await Silo.Store.LoadAsync(CancellationToken.None)).AdminStates, s => s.DestinationKey == "ast1");
    }

    [Theory]
    [InlineData("""{"state":"x","duid":"ast1"}""", HttpStatusCode.BadRequest, "state", "x")]
    [InlineData("""{"state":"dp","duid":"ast1"}""", HttpStatusCode.BadRequest, "state", "dp")]
    [InlineData("""{"duid":"ast1"}""", HttpStatusCode.BadRequest, "state", null)]
    [InlineData("""{"state":"a","duid":"ast1","all":true}""", HttpStatusCode.BadRequest, "duid", null)]
    [InlineData("""{"state":"a"}""", HttpStatusCode.BadRequest, "all", null)]
    [InlineData("""{"state":"a","uri":"sip:10.9.9.9:5060"}""", HttpStatusCode.NotFound, "uri", "sip:10.9.9.9:5060")]
    [InlineData("""{"state":"a","uri":"http://x"}""", HttpStatusCode.BadRequest, "uri", "http://x")]
    [InlineData("""{"state":"a","duid":"nobody"}""", HttpStatusCode.NotFound, "duid", "nobody")]
    [InlineData("""{"state":"a","duid":"ALL"}""", HttpStatusCode.BadRequest, "duid", "ALL")]
    [InlineData("""{"state":"a","duid":"ast1","extra":1}""", HttpStatusCode.BadRequest, "extra", null)]
    [InlineData("""{"state":"a","duid":"ast1","state":"d"}""", HttpStatusCode.BadRequest, "state", null)]
    [InlineData("""{"state":["a"],"duid":"ast1"}""", HttpStatusCode.BadRequest, "state", null)]
    public async Task SetState_BadRequest_ProblemNamesTheFieldAndNothingChanges(string json, HttpStatusCode status, string field, string? value)
    {
        var before = (await Silo.Store.LoadAsync(CancellationToken.None)).AdminStates;

        using var response = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", json);

        var problem = await ProblemAsync(response, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        if (value is not null)
        {
            Assert.Equal(value, problem.GetProperty("value").GetString());
        }

        Assert.Equal(before, (await Silo.Store.LoadAsync(CancellationToken.None)).AdminStates);
    }

    [Theory]
    [InlineData("{\"state\":\"a\",\n \"duid\": ast1}", 2, "malformed-json")]
    [InlineData("{\"state\":\"a\",", 1, "malformed-json")]
    [InlineData("[1,2]", 1, "malformed-json")]
    [InlineData("null", null, "malformed-json")]
    [InlineData("   ", null, "missing-body")]
    public async Task SetState_MalformedJson_400NamingThePosition(string json, int? line, string type)
    {
        using var response = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", json);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("urn:orleanslb:problem:" + type, problem.GetProperty("type").GetString());
        if (line is not null)
        {
            Assert.Equal(line, problem.GetProperty("line").GetInt32());
            Assert.True(problem.GetProperty("bytePosition").GetInt64() >= 0);
        }
    }

    [Fact]
    public async Task Add_OversizedBody_413AndNothingStored()
    {
        var description = new string('x', 70_000);
        var before = (await Silo.Store.LoadAsync(CancellationToken.None)).Snapshot;

        using var sized = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/2/destinations", $$"""{"uri":"sip:127.0.0.1:5901","description":"{{description}}"}""");
        using var chunked = Silo.Request(HttpMethod.Post, $"{Sets}/2/destinations");
        chunked.Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{"uri":"sip:127.0.0.1:5901","description":"{{description}}"}""")));
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await Silo.Http.SendAsync(chunked);

        await ProblemAsync(sized, HttpStatusCode.RequestEntityTooLarge);
        var problem = await ProblemAsync(chunkedResponse, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(AdminOptions.DefaultMaxBodyBytes, problem.GetProperty("limit").GetInt32());
        Assert.Equal(before.Sets.Sum(s => s.Count), (await Silo.Store.LoadAsync(CancellationToken.None)).Snapshot.Sets.Sum(s => s.Count));
    }

    [Fact]
    public async Task Add_NotJson_415Problem()
    {
        using var request = Silo.Request(HttpMethod.Post, $"{Sets}/2/destinations");
        request.Content = new StringContent("uri=sip:127.0.0.1:5901", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await Silo.Http.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Content-Type", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AddThenRemove_StoredPushedToTheEdgeAndGone()
    {
        using var added = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/2/destinations",
            """{"uri":"127.0.0.1:5994","flags":8,"priority":7,"attrs":"duid=ast9;weight=30;prefix=49","description":"Asterisk nine"}""");

        var set = (await OkAsync(added)).GetProperty("set");
        var entry = Destination(set, "sip:127.0.0.1:5994");
        Assert.Equal("AP", entry.GetProperty("flags").GetString());
        Assert.Equal(7, entry.GetProperty("priority").GetInt32());
        Assert.Equal("sip:127.0.0.1:5994", set.GetProperty("destinations")[0].GetProperty("uri").GetString());
        await AdminSilo.WaitUntilAsync(() => Task.FromResult(EdgeFlags(2, "sip:127.0.0.1:5994") == DestinationFlags.Probing), "the edge has the new destination");
        var stored = (await Silo.Store.LoadAsync(CancellationToken.None)).Snapshot;
        Assert.True(stored.TryGetSet(2, out var storedSet));
        Assert.Equal("prefix", storedSet[storedSet.IndexOf("ast9")].Attributes.Pairs[2].Key);

        using var duplicate = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/2/destinations", """{"uri":"sip:127.0.0.1:5993","attrs":"duid=ast9"}""");
        await ProblemAsync(duplicate, HttpStatusCode.Conflict);

        using var removed = await Silo.SendAsync(HttpMethod.Delete, $"{Sets}/2/destinations?uri=sip:127.0.0.1:5994");

        Assert.Equal(1, (await OkAsync(removed)).GetProperty("matched").GetInt32());
        await AdminSilo.WaitUntilAsync(() => Task.FromResult(EdgeFlags(2, "sip:127.0.0.1:5994") is null), "the edge dropped the destination");
        Assert.Equal(-1, (await Silo.Store.LoadAsync(CancellationToken.None)).Snapshot.Sets.Single(s => s.SetId == 2).IndexOf("ast9"));
    }

    [Theory]
    [InlineData("""{"flags":0}""", "uri")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","flags":64}""", "flags")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","attrs":"weight=abc"}""", "attrs")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","attrs":"duid=a b"}""", "attrs")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","attrs":"duid=all"}""", "attrs")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","description":"two\nlines"}""", "description")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","description":"a #comment"}""", "description")]
    [InlineData("""{"uri":"sip:127.0.0.1 :5901"}""", "uri")]
    [InlineData("""{"uri":"sip:127.0.0.1:99999"}""", "uri")]
    [InlineData("""{"uri":"sip:127.0.0.1:5901","priority":"high"}""", "priority")]
    public async Task Add_Invalid_400NamingTheFieldAndNothingStored(string json, string field)
    {
        var before = (await Silo.Store.LoadAsync(CancellationToken.None)).Snapshot.Sets.Sum(s => s.Count);

        using var response = await Silo.SendAsync(HttpMethod.Post, $"{Sets}/2/destinations", json);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(before, (await Silo.Store.LoadAsync(CancellationToken.None)).Snapshot.Sets.Sum(s => s.Count));
    }

    [Fact]
    public async Task Remove_UnknownOrAmbiguousTarget_Problem()
    {
        using var unknown = await Silo.SendAsync(HttpMethod.Delete, $"{Sets}/2/destinations?duid=nobody");
        using var both = await Silo.SendAsync(HttpMethod.Delete, $"{Sets}/2/destinations?duid=ast6&uri=sip:127.0.0.1:5996");
        using var noToken = await Silo.SendAsync(HttpMethod.Delete, $"{Sets}/2/destinations?duid=ast6", token: null);

        Assert.Equal("nobody", (await ProblemAsync(unknown, HttpStatusCode.NotFound)).GetProperty("value").GetString());
        await ProblemAsync(both, HttpStatusCode.BadRequest);
        await ProblemAsync(noToken, HttpStatusCode.Unauthorized);
        Assert.Equal("AX", await Silo.FlagsAsync(2, "sip:127.0.0.1:5996"));
    }

    [Fact]
    public async Task PingActive_SetOffAndOn_EveryEdgeStopsAndResumesProbing()
    {
        var edge = Silo.App.Services.GetRequiredService<EdgeClusterService>();
        await AdminSilo.WaitUntilAsync(() => Task.FromResult(edge.IsLeader), "the edge leads probing");
        Assert.True((await Silo.GetJsonAsync("/api/v1/dispatcher/ping-active")).GetProperty("active").GetBoolean());

        using var off = await Silo.SendAsync(HttpMethod.Put, "/api/v1/dispatcher/ping-active", """{"active":false}""");

        Assert.False((await OkAsync(off)).GetProperty("active").GetBoolean());
        Assert.False((await Silo.GetJsonAsync("/api/v1/dispatcher/ping-active")).GetProperty("active").GetBoolean());
        await AdminSilo.WaitUntilAsync(() => Task.FromResult(!edge.IsLeader), "the edge stops probing");

        using var on = await Silo.SendAsync(HttpMethod.Put, "/api/v1/dispatcher/ping-active", """{"active":true}""");

        Assert.True((await OkAsync(on)).GetProperty("active").GetBoolean());
        await AdminSilo.WaitUntilAsync(() => Task.FromResult(edge.IsLeader), "the edge probes again");
        using var missing = await Silo.SendAsync(HttpMethod.Put, "/api/v1/dispatcher/ping-active", "{}");
        Assert.Equal("active", (await ProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Hash_EveryHashAlgorithm_PlacesTheKeyOnADestinationOfTheSet()
    {
        var hash = await Silo.GetJsonAsync($"{Sets}/2/hash?key=sip:alice@example.com");

        var algorithms = hash.GetProperty("algorithms").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 5, 7], algorithms.Select(a => a.GetProperty("algorithm").GetInt32()));
        Assert.Equal("Stable", hash.GetProperty("placement").GetString());
        Assert.All(algorithms, a => Assert.StartsWith("sip:127.0.0.1:599", a.GetProperty("destination").GetProperty("uri").GetString(), StringComparison.Ordinal));
        var one = await Silo.GetJsonAsync($"{Sets}/2/hash?key=sip:alice@example.com&algorithm=1");
        Assert.Equal(algorithms[1].GetRawText(), one.GetProperty("algorithms").EnumerateArray().Single().GetRawText());
    }

    [Theory]
    [InlineData("?key=x&algorithm=4", "algorithm")]
    [InlineData("?key=x&algorithm=-1", "algorithm")]
    [InlineData("", "key")]
    public async Task Hash_BadQuery_400NamingTheParameter(string query, string field)
    {
        using var response = await Silo.SendAsync(HttpMethod.Get, $"{Sets}/2/hash{query}", token: null);

        Assert.Equal(field, (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownRouteOrMethod_ProblemDetails()
    {
        using var route = await Silo.SendAsync(HttpMethod.Get, "/api/v1/dispatcher/nothing", token: null);
        using var method = await Silo.SendAsync(HttpMethod.Patch, Sets, "{}");

        Assert.Equal("urn:orleanslb:problem:no-such-route", (await ProblemAsync(route, HttpStatusCode.NotFound)).GetProperty("type").GetString());
        Assert.Equal("method", (await ProblemAsync(method, HttpStatusCode.MethodNotAllowed)).GetProperty("field").GetString());
    }

    internal static JsonElement Destination(JsonElement set, string uri) =>
        set.GetProperty("destinations").EnumerateArray().Single(d => d.GetProperty("uri").GetString() == uri);

    internal static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private DestinationFlags? EdgeFlags(int setId, string uri) =>
        Silo.Edge.Snapshot.TryGetSet(setId, out var set) && set.Destinations.FirstOrDefault(d => d.Uri == uri) is { } d
            ? d.Flags & DestinationFlagsExtensions.StateMask
            : null;
}
