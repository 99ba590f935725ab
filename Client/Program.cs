using Microsoft.Extensions.Hosting;
using OrleansLB.Client.Hosting;

namespace OrleansLB.Client;

/// <summary>The SIP edge. Configuration errors stop it before anything binds, with exit code 1.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var host = EdgeApplication.Build(args, Console.Error);
        if (host is null)
        {
            return 1;
        }

        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
