using OrleansLB.Grains.Dispatching;

namespace OrleansLB.Silo.Admin;

public sealed class AdminTokenTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "orleanslb-tests", $"token-{Guid.NewGuid():N}");

    [Fact]
    public void Create_NoTokenConfigured_WritesARandomOneReadableByTheOwnerOnly()
    {
        var file = Path.Combine(_folder, "data", "admin.token");

        var first = AdminToken.Create(Options(string.Empty, file));
        var written = File.ReadAllText(file).Trim();
        var second = AdminToken.Create(Options(string.Empty, file));

        Assert.Equal(file, first.GeneratedFile);
        Assert.Equal(64, written.Length);
        Assert.False(first.Matches(File.ReadAllText(file).Trim()), "a new start makes a new token");
        Assert.True(second.Matches(File.ReadAllText(file).Trim()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Matches_ConfiguredToken_OnlyTheExactToken()
    {
        var token = AdminToken.Create(Options("0123456789abcdef-token", Path.Combine(_folder, "never")));

        Assert.Null(token.GeneratedFile);
        Assert.True(token.Matches("0123456789abcdef-token"));
        Assert.False(token.Matches("0123456789abcdef-toke"));
        Assert.False(token.Matches("0123456789ABCDEF-token"));
        Assert.False(token.Matches(string.Empty));
        Assert.False(token.Matches(null));
        Assert.False(File.Exists(Path.Combine(_folder, "never")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static AdminOptions Options(string token, string file) => new(token, file, AdminOptions.DefaultMaxBodyBytes, SelectionOptions.Default);
}
