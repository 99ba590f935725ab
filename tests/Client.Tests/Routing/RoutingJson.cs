using System.Text;
using Microsoft.Extensions.Configuration;

namespace OrleansLB.Client.Routing;

/// <summary>Loads routing the way the edge does, from appsettings.json text.</summary>
internal static class RoutingJson
{
    public static RoutingTableResult Load(string json) =>
        RoutingConfigurationReader.Load(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build());

    public static RoutingTable Table(string json)
    {
        var result = Load(json);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Table!;
    }

    public static IReadOnlyList<string> Errors(string json)
    {
        var result = Load(json);
        Assert.False(result.Succeeded);
        return result.Errors;
    }
}
