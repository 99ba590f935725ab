using BenchmarkDotNet.Running;
using OrleansLB.Benchmarks.Fuzzing;

namespace OrleansLB.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project tests/Benchmarks -- --filter '*'
    // dotnet run -c Release --project tests/Benchmarks -- fuzz --seed 1 --count 10000000
    public static int Main(string[] args)
    {
        if (args is ["fuzz", .. var rest])
        {
            return FuzzCommand.Run(rest);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
