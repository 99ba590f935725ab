using Microsoft.Extensions.Configuration;
using OrleansLB.Grains.Dispatching;

namespace OrleansLB.Silo.Admin;

public sealed class AdminOptionsTests
{
    [Fact]
    public void Read_Nothing_DefaultsGenerateATokenIntoData()
    {
        var problems = new List<string>();

        var options = AdminOptions.Read(Configuration(), problems);

        Assert.Empty(problems);
        Assert.Equal(string.Empty, options.Token);
        Assert.Equal("./data/admin.token", options.TokenFile);
        Assert.Equal(65536, options.MaxBodyBytes);
        Assert.Equal(HashPlacement.Stable, options.Selection.HashPlacement);
    }

    [Fact]
    public void Read_ShortTokenBadLimitUnknownKeyAndBadPlacement_NamesEveryKey()
    {
        var problems = new List<string>();

        AdminOptions.Read(Configuration(("Admin:Token", "short"), ("Admin:MaxBodyBytes", "10"), ("Admin:Tokn", "x"), ("Dispatcher:HashPlacement", "Ring")), problems);

        Assert.Contains(problems, p => p.StartsWith("Admin:Token:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Admin:MaxBodyBytes:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tokn", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Dispatcher:HashPlacement:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_KamailioCompatibleUserOnly_TheEdgesHashSettings()
    {
        var options = AdminOptions.Read(Configuration(("Dispatcher:HashPlacement", "KamailioCompatible"), ("Dispatcher:HashUserOnly", "true"), ("Admin:Token", "a-long-enough-token")), []);

        Assert.Equal(new SelectionOptions { HashPlacement = HashPlacement.KamailioCompatible, HashUserOnly = true }, options.Selection);
        Assert.Equal("a-long-enough-token", options.Token);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
