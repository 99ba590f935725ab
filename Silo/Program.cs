using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansLB.Silo;

internal static class Program
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--list"] = "Dispatcher:ListFile",
        ["--port"] = "Cluster:Port",
        ["--seed"] = "Cluster:SeedNodes:0",
    };

    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, Switches);
        var problems = new List<string>();
        var settings = SiloSettings.Read(builder.Configuration, problems);
        if (settings is null)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.Error.WriteLine($"configuration error: {problems.Count} problem(s); the silo did not start");
            return 2;
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<SiloService>();
        await builder.Build().RunAsync().ConfigureAwait(false);
        return 0;
    }
}
