using BenchmarkDotNet.Running;

namespace OrleansLB.Benchmarks;

internal static class Program
{
    // dotnet run -c Release --project tests/Benchmarks -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
