using System.Net;
using Microsoft.Playwright;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The status page in a real browser: Debian's Chromium, headless, driven by Playwright (the
/// driver ships in the NuGet package; no browser is downloaded). Screenshots go to
/// <see cref="ArtifactFolder"/> (the test output folder's TestResults).
/// </summary>
[Collection(AdminSiloCollection.Name)]
public sealed class StatusPageTests : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private const string List = """
        1 sip:127.0.0.1:5998 0 10 duid=ast1;maxload=4 Asterisk one
        1 sip:127.0.0.1:5999 8 5 duid=ast2;weight=50
        2 sip:127.0.0.1:5996 0 0 duid=ast6 <img/src=x/onerror=window.pwned=1><script>window.pwned=2</script>
        """;

    private AdminSilo _silo = null!;

    public static string ArtifactFolder => Path.Combine(AppContext.BaseDirectory, "TestResults");

    public async Task InitializeAsync() => _silo = await AdminSilo.StartAsync(list: List);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/status")]
    public async Task Get_Page_HtmlWithAStrictContentSecurityPolicy(string path)
    {
        using var response = await _silo.SendAsync(HttpMethod.Get, path, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("/status/status.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await _silo.SendAsync(HttpMethod.Get, "/status/status.js", token: null);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Maintenance_ClickedInChromium_StateChangesStoredAndBack()
    {
        Directory.CreateDirectory(ArtifactFolder);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _silo.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 700 } });
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.GotoAsync("/");
        var row = page.Locator("tr[data-set='1'][data-key='ast2']");
        var state = row.Locator(".state");
        await Assertions.Expect(state).ToHaveTextAsync("AP", new() { Timeout = 30_000 });

        await page.FillAsync("#token", AdminSilo.Token);
        await page.ClickAsync("#token-save");
        await row.Locator("button.toggle").ClickAsync();

        await Assertions.Expect(state).ToHaveTextAsync("DX", new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator("button.toggle")).ToHaveTextAsync("Back in service");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("maintenance");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "status-page-maintenance.png"), FullPage = true });
        Assert.Contains((await _silo.Store.LoadAsync(CancellationToken.None)).AdminStates, s => s.DestinationKey == "ast2" && s.State == DestinationFlags.Disabled);

        await row.Locator("button.toggle").ClickAsync();

        await Assertions.Expect(state).ToHaveTextAsync("AP", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, "status-page-back-in-service.png"), FullPage = true });
        Assert.Contains((await _silo.Store.LoadAsync(CancellationToken.None)).AdminStates, s => s.DestinationKey == "ast2" && s.State == DestinationFlags.Probing);

        // A description is shown as text: the markup in it never runs.
        var description = page.Locator("tr[data-key='ast6'] .detail").First;
        await Assertions.Expect(description).ToContainTextAsync("<script>window.pwned=2</script>");
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Equal(0, dialogs);
        Assert.True(new FileInfo(Path.Combine(ArtifactFolder, "status-page-maintenance.png")).Length > 1000);
    }

    [Fact]
    public async Task Maintenance_NoToken_ExplainsAndChangesNothing()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _silo.BaseAddress.ToString() });
        await page.GotoAsync("/status");
        var row = page.Locator("tr[data-set='1'][data-key='ast1']");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("AX", new() { Timeout = 30_000 });

        await row.Locator("button.toggle").ClickAsync();

        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("admin token");
        Assert.Equal("AX", await _silo.FlagsAsync(1, "sip:127.0.0.1:5998"));
        Assert.Empty((await _silo.Store.LoadAsync(CancellationToken.None)).AdminStates.Where(s => s.DestinationKey == "ast1"));
    }
}
