using BenchmarkDotNet.Running;
using OrleansLB.Benchmarks.Fuzzing;
using OrleansLB.Benchmarks.GrainTier;

namespace OrleansLB.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project tests/Benchmarks -- --filter '*'
    // dotnet run -c Release --project tests/Benchmarks -- fuzz --seed 1 --count 10000000
    // dotnet run -c Release --project tests/Benchmarks -- grain-tier --rounds 5
    public static int Main(string[] args)
    {
        if (args is ["fuzz", .. var rest])
        {
            return FuzzCommand.Run(rest);
        }

        if (args is ["grain-tier", .. var options])
        {
            return GrainTierCommand.RunAsync(options).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
