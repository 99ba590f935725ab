using System.Net;
using System.Text;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// An admin API under attack: every change refused without the right token, oversized and
/// malformed bodies answered as problems, and after the whole hostile sequence (mixed with a few
/// legitimate changes) the state re-read from storage after a restart is exactly what the
/// legitimate changes alone give.
/// </summary>
[Collection(AdminSiloCollection.Name)]
public sealed class HostileAdminTests : IAsyncLifetime
{
    private const string Sets = "/api/v1/dispatcher/sets";

    /// <summary>Every mutating verb of the API, each with a body it would accept with the token.</summary>
    private static readonly (HttpMethod Method, string Path, string? Json)[] Changes =
    [
        (HttpMethod.Post, $"{Sets}/1/state", """{"state":"d","all":true}"""),
        (HttpMethod.Post, $"{Sets}/2/destinations", """{"uri":"sip:127.0.0.1:5911","attrs":"duid=evil"}"""),
        (HttpMethod.Delete, $"{Sets}/2/destinations?duid=ast6", null),
        (HttpMethod.Post, "/api/v1/dispatcher/reload", null),
        (HttpMethod.Put, "/api/v1/dispatcher/ping-active", """{"active":false}"""),
    ];

    /// <summary>Authorization header values that must all be refused (null: no header).</summary>
    private static readonly string?[] BadAuthorizations =
    [
        null, "", "Bearer", "Bearer ", "Bearer wrong-token", $"Bearer {AdminSilo.Token}x", $"Bearer {AdminSilo.Token[..^1]}",
        $"Basic {AdminSilo.Token}", AdminSilo.Token, $"Bearer {AdminSilo.Token.ToUpperInvariant()}", "Bearer \t\t",
    ];

    private AdminSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await AdminSilo.StartAsync(storeOnly: true);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task HostileSequence_OnlyTheLegitimateChangesReachStorage()
    {
        var refused = 0;
        foreach (var change in Changes)
        {
            foreach (var authorization in BadAuthorizations)
            {
                using var response = await SendRawAsync(change.Method, change.Path, change.Json, "application/json", authorization);
                var problem = await DispatcherEndpointsTests.ProblemAsync(response, HttpStatusCode.Unauthorized);
                Assert.Equal("Authorization", problem.GetProperty("field").GetString());
                refused++;
            }
        }

        // Legitimate change 1, between the hostile ones.
        using (var add = await _silo.SendAsync(HttpMethod.Post, $"{Sets}/2/destinations", """{"uri":"sip:127.0.0.1:5912","priority":3,"attrs":"duid=good;weight=5"}"""))
        {
            await DispatcherEndpointsTests.OkAsync(add);
        }

        foreach (var (method, path, _) in Changes.Where(c => c.Json is not null))
        {
            foreach (var (body, status) in HostileBodies())
            {
                using var response = await SendRawAsync(method, path, body, "application/json", $"Bearer {AdminSilo.Token}");
                await DispatcherEndpointsTests.ProblemAsync(response, status);
                refused++;
            }
        }

        // Legitimate change 2.
        using (var disable = await _silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", """{"state":"ip","duid":"ast1"}"""))
        {
            await DispatcherEndpointsTests.OkAsync(disable);
        }

        await _silo.RestartAsync();

        var stored = await _silo.Store.LoadAsync(CancellationToken.None);
        Assert.True(stored.Snapshot.TryGetSet(1, out var one));
        Assert.True(stored.Snapshot.TryGetSet(2, out var two));
        Assert.Equal(["sip:127.0.0.1:5997", "sip:127.0.0.1:5998", "sip:127.0.0.1:5999"], one.Destinations.Select(d => d.Uri).Order());
        Assert.Equal(["sip:127.0.0.1:5912", "sip:127.0.0.1:5995", "sip:127.0.0.1:5996"], two.Destinations.Select(d => d.Uri).Order());
        var good = two[two.IndexOf("good")];
        Assert.Equal((3, "duid=good;weight=5"), (good.Priority, good.Attributes.ToString()));
        var state = Assert.Single(stored.AdminStates);
        Assert.Equal((1, "ast1", DestinationFlags.Inactive | DestinationFlags.Probing), (state.SetId, state.DestinationKey, state.State));
        Assert.Equal("IP", await _silo.FlagsAsync(1, "sip:127.0.0.1:5998"));
        Assert.Equal("AX", await _silo.FlagsAsync(2, "sip:127.0.0.1:5996"));
        Assert.True((await _silo.GetJsonAsync("/api/v1/dispatcher/ping-active")).GetProperty("active").GetBoolean());
        Assert.Equal(Changes.Length * BadAuthorizations.Length + (3 * HostileBodies().Count()), refused);
    }

    private static IEnumerable<(string Body, HttpStatusCode Status)> HostileBodies()
    {
        yield return (new string(' ', AdminOptions.DefaultMaxBodyBytes) + "{}", HttpStatusCode.RequestEntityTooLarge);
        yield return ("{\"state\":\"" + new string('d', AdminOptions.DefaultMaxBodyBytes) + "\"}", HttpStatusCode.RequestEntityTooLarge);
        yield return (new string('[', 10_000), HttpStatusCode.BadRequest);
        yield return ("{\"state\":\"d\",\"all\":true", HttpStatusCode.BadRequest);
        yield return ("{\"state\":\"d\",\"all\":true}{\"state\":\"a\"}", HttpStatusCode.BadRequest);
        yield return ("{\"uri\":\"sip:127.0.0.1:5913\",\"attrs\":\"duid=x\",\"uri\":\"sip:127.0.0.1:5914\"}", HttpStatusCode.BadRequest);
        yield return ("\u0000\u0001\u0002", HttpStatusCode.BadRequest);
        yield return ("{\"active\":\"\\ud800\",\"state\":\"\\ud800\",\"uri\":\"\\ud800\"}", HttpStatusCode.BadRequest);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? json, string contentType, string? authorization)
    {
        using var request = _silo.Request(method, path, token: null);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization));
        }

        using var timeout = new CancellationTokenSource(AdminSilo.Deadline);
        return await _silo.Http.SendAsync(request, timeout.Token);
    }
}
