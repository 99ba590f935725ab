using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansLB.Grains.Interfaces;
using OrleansLB.Grains.Storage;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// A real single-node silo for admin API tests: SiloApplication.Build with port 0 for the cluster
/// and HTTP, an SQLite file in a temporary folder, a known admin token, optionally the in-process
/// edge. Restartable over the same store; removes its folder when disposed.
/// </summary>
internal sealed class AdminSilo : IAsyncDisposable
{
    public const string Token = "test-admin-token-0123456789abcdef";

    public const string DefaultList = """
        1 sip:127.0.0.1:5998 0 10 duid=ast1;maxload=2;weight=50 Asterisk one
        1 sip:127.0.0.1:5999 8 5 duid=ast2;weight=50
        1 sip:127.0.0.1:5997 0 0 weight=10
        2 sip:127.0.0.1:5996 0 0 duid=ast6
        2 sip:127.0.0.1:5995 0 0 duid=ast7
        """;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string?> _settings;

    private Action<WebApplication>? _map;

    private AdminSilo(string folder, Dictionary<string, string?> settings)
    {
        Folder = folder;
        _settings = settings;
    }

    public string Folder { get; }

    public string ListFile => Path.Combine(Folder, "dispatcher.list");

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress => Http.BaseAddress!;

    public IDispatcherStore Store => App.Services.GetRequiredService<SiloService>().Store!;

    /// <summary>The in-process edge's state (only with an edge).</summary>
    public IDispatcherState Edge => App.Services.GetRequiredService<IDispatcherState>();

    /// <param name="storeOnly">No list file: the store alone gives the sets (so added destinations outlive a restart).</param>
    public static async Task<AdminSilo> StartAsync(bool withEdge = false, bool storeOnly = false, string list = DefaultList, params (string Key, string? Value)[] more)
    {
        var folder = Path.Combine(Path.GetTempPath(), "orleanslb-tests", $"admin-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var listFile = Path.Combine(folder, "dispatcher.list");
        await File.WriteAllTextAsync(listFile, list);
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Port"] = "0",
            ["Dispatcher:ListFile"] = listFile,
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "orleanslb.db")};Pooling=False",
            ["Http:Urls"] = "http://127.0.0.1:0",
            ["Admin:Token"] = Token,
        };
        if (storeOnly)
        {
            settings["Dispatcher:ListFile"] = string.Empty;
        }

        if (withEdge)
        {
            settings["Edge:Enabled"] = "true";
            settings["Sip:Listeners:0"] = "udp:127.0.0.1:0";
            settings["Routing:Rules:0:Name"] = "calls";
            settings["Routing:Rules:0:SetId"] = "1";
            settings["Routing:Rules:0:Algorithm"] = "call-load";
            settings["Dispatcher:ListFile"] = listFile;
        }

        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        var silo = new AdminSilo(folder, settings);
        if (storeOnly)
        {
            // The store starts from the list once, then is the only source.
            var seeded = new Dictionary<string, string?>(settings) { ["Dispatcher:ListFile"] = listFile };
            await silo.RunAsync(seeded);
            await silo.StopAsync();
        }

        await silo.RunAsync(settings);
        return silo;
    }

    /// <summary>A silo with extra endpoints mapped before it starts (to reach framework paths such as an unhandled exception).</summary>
    public static async Task<AdminSilo> StartMappedAsync(Action<WebApplication> map)
    {
        var silo = await StartAsync();
        silo._map = map;
        await silo.RestartAsync();
        return silo;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await RunAsync(_settings);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? token = Token)
    {
        using var request = Request(method, path, json, token);
        using var timeout = new CancellationTokenSource(Deadline);
        return await Http.SendAsync(request, timeout.Token);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, token: null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The flags letters of a destination as the API lists it.</summary>
    public async Task<string?> FlagsAsync(int setId, string uri)
    {
        var set = await GetJsonAsync($"/api/v1/dispatcher/sets/{setId}");
        return set.GetProperty("destinations").EnumerateArray()
            .Where(d => d.GetProperty("uri").GetString() == uri)
            .Select(d => d.GetProperty("flags").GetString())
            .FirstOrDefault();
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {Deadline.TotalSeconds} s: {what}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private async Task RunAsync(Dictionary<string, string?> settings)
    {
        var errors = new StringWriter();
        App = SiloApplication.Build([], errors, c => c.AddInMemoryCollection(settings)) ?? throw new InvalidOperationException(errors.ToString());
        _map?.Invoke(App);
        using var timeout = new CancellationTokenSource(Deadline);
        await App.StartAsync(timeout.Token);
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    private async Task StopAsync()
    {
        if (App is null)
        {
            return;
        }

        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        App = null!;
    }
}
