using System.Globalization;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// The bench mode: <c>dotnet run -c Release --project tests/Benchmarks -- fuzz --seed 1 --count 10000000</c>.
/// Prints progress every million inputs and the report at the end; failing inputs go to
/// <c>--crashes DIR</c> (default fuzz-crashes). <c>--show N</c> prints input N of the seed instead.
/// Exit code 0 when nothing failed, 1 otherwise.
/// </summary>
internal static class FuzzCommand
{
    public static int Run(string[] args)
    {
        ulong seed = 1;
        long count = 10_000_000;
        long? show = null;
        var crashes = "fuzz-crashes";
        var seeds = FuzzCorpus.DefaultDirectory;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--seed":
                    seed = ulong.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--count":
                    count = long.Parse(value.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
                    break;
                case "--crashes":
                    crashes = value;
                    break;
                case "--seeds":
                    seeds = value;
                    break;
                case "--show":
                    show = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; use --seed N --count N [--crashes DIR] [--seeds DIR] [--show INDEX]");
                    return 2;
            }
        }

        var corpus = FuzzCorpus.Load(seeds);
        var runner = new FuzzRunner(corpus) { CrashDirectory = crashes };
        if (show is { } index)
        {
            var (target, input) = runner.Generate(seed, index);
            Console.WriteLine(new FuzzFailure(target, index, "input", "as generated", input).ToString());
            return 0;
        }

        Console.WriteLine($"fuzzing with seed {seed}, {count:N0} inputs, corpus: {corpus}");
        var report = runner.Run(seed, count, r => Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"{r.Done:N0} inputs, {r.InputsPerSecond:N0}/s, {r.FailureCount} failures, max {r.MaxPerInput.TotalMilliseconds:0.000} ms")));
        Console.WriteLine(report);
        Console.WriteLine($"GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2; runtime {Environment.Version}, {Environment.ProcessorCount} cores");
        return report.FailureCount == 0 ? 0 : 1;
    }
}
