namespace OrleansLB.Silo;

/// <summary>The grain tier's host (and, with <c>--with-edge</c>, the whole load balancer in one process).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await using var app = SiloApplication.Build(args, Console.Error);
        if (app is null)
        {
            return 2;
        }

        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped (SIGTERM, Ctrl-C) while still joining the cluster: an orderly end, not a crash.
        }

        return 0;
    }
}
