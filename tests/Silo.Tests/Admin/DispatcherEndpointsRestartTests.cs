using System.Net;
using static OrleansLB.Silo.Admin.DispatcherEndpointsTests;

namespace OrleansLB.Silo.Admin;

/// <summary>Changes made through the API outlive the silo, and reload applies a changed list by identity.</summary>
[Collection(AdminSiloCollection.Name)]
public sealed class DispatcherEndpointsRestartTests
{
    private const string Sets = "/api/v1/dispatcher/sets";

    [Fact]
    public async Task SetState_SiloRestartedWithTheSameList_StateKept()
    {
        await using var silo = await AdminSilo.StartAsync();
        using var response = await silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", """{"state":"d","uri":"sip:127.0.0.1:5999"}""");
        await OkAsync(response);

        await silo.RestartAsync();

        Assert.Equal("DX", await silo.FlagsAsync(1, "sip:127.0.0.1:5999"));
        Assert.Equal("AX", await silo.FlagsAsync(1, "sip:127.0.0.1:5998"));
    }

    [Fact]
    public async Task AddAndRemove_StoreOnlySiloRestarted_BothKept()
    {
        await using var silo = await AdminSilo.StartAsync(storeOnly: true);
        using var added = await silo.SendAsync(HttpMethod.Post, $"{Sets}/3/destinations", """{"uri":"sip:127.0.0.1:5990","attrs":"duid=ast5","description":"new set"}""");
        using var removed = await silo.SendAsync(HttpMethod.Delete, $"{Sets}/2/destinations?duid=ast7");
        await OkAsync(added);
        await OkAsync(removed);

        await silo.RestartAsync();

        var set3 = await silo.GetJsonAsync($"{Sets}/3");
        Assert.Equal("new set", Destination(set3, "sip:127.0.0.1:5990").GetProperty("description").GetString());
        Assert.Null(await silo.FlagsAsync(2, "sip:127.0.0.1:5995"));
        Assert.Equal("AX", await silo.FlagsAsync(2, "sip:127.0.0.1:5996"));
    }

    [Fact]
    public async Task Reload_ListChanged_AppliesTheDifferenceAndKeepsAdministrativeStates()
    {
        await using var silo = await AdminSilo.StartAsync();
        using var disabled = await silo.SendAsync(HttpMethod.Post, $"{Sets}/1/state", """{"state":"d","duid":"ast2"}""");
        await OkAsync(disabled);
        await File.WriteAllTextAsync(silo.ListFile, AdminSilo.DefaultList
            .Replace("1 sip:127.0.0.1:5997 0 0 weight=10", "1 sip:127.0.0.1:5990 0 0 duid=ast5", StringComparison.Ordinal));

        using var noToken = await silo.SendAsync(HttpMethod.Post, "/api/v1/dispatcher/reload", token: null);
        await ProblemAsync(noToken, HttpStatusCode.Unauthorized);
        Assert.NotNull(await silo.FlagsAsync(1, "sip:127.0.0.1:5997"));

        using var response = await silo.SendAsync(HttpMethod.Post, "/api/v1/dispatcher/reload");

        var reload = await OkAsync(response);
        Assert.Equal(5, reload.GetProperty("destinations").GetInt32());
        Assert.Equal("ast5", reload.GetProperty("added").EnumerateArray().Single().GetProperty("key").GetString());
        Assert.Equal("sip:127.0.0.1:5997", reload.GetProperty("removed").EnumerateArray().Single().GetProperty("uri").GetString());
        Assert.Equal("DX", await silo.FlagsAsync(1, "sip:127.0.0.1:5999"));
        Assert.Null(await silo.FlagsAsync(1, "sip:127.0.0.1:5997"));
    }

    [Fact]
    public async Task Reload_ListBroken_409AndTheSetsUnchanged()
    {
        await using var silo = await AdminSilo.StartAsync();
        await File.WriteAllTextAsync(silo.ListFile, "1 sip:127.0.0.1:5990 0xZZ 0 duid=ast5\n");

        using var response = await silo.SendAsync(HttpMethod.Post, "/api/v1/dispatcher/reload");

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("0xZZ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("AX", await silo.FlagsAsync(1, "sip:127.0.0.1:5997"));
    }
}
