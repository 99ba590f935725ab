using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Client;

/// <summary>
/// The SIP edge's entry point. Until the SIP stack is wired (issue 3) it loads and checks a
/// <c>dispatcher.list</c>, prints the sets as <c>kamcmd dispatcher.list</c> does, and stops.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    internal static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var options = new DispatcherOptions { ListFile = "samples/dispatcher.list" };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--list" when i + 1 < args.Length:
                    options = options with { ListFile = args[++i] };
                    break;
                case "--skip-invalid":
                    options = options with { LoadMode = DispatcherListLoadMode.SkipInvalid };
                    break;
                default:
                    errors.WriteLine($"unknown argument '{args[i]}'. Usage: OrleansLB.Client [--list <dispatcher.list>] [--skip-invalid]");
                    return 2;
            }
        }

        var problems = options.Validate();
        foreach (var problem in problems)
        {
            errors.WriteLine(problem);
        }

        if (problems.Count > 0)
        {
            return 1;
        }

        var path = options.ListFile;
        var result = DispatcherListReader.ReadFile(path, options.LoadMode);
        foreach (var error in result.Errors)
        {
            errors.WriteLine(error);
        }

        if (!result.Succeeded)
        {
            errors.WriteLine($"{path}: not loaded, {result.Errors.Count(e => !e.IsWarning)} error(s); fix them or start with --skip-invalid");
            return 1;
        }

        Print(result.Snapshot, output);
        output.WriteLine("SIP is not served yet: this build loads and checks the dispatcher list only (the SIP edge is issue 3).");
        return 0;
    }

    private static void Print(DispatcherSnapshot snapshot, TextWriter output)
    {
        output.WriteLine($"DISPATCHER SETS[{snapshot.Sets.Length}]:");
        foreach (var set in snapshot.Sets)
        {
            output.WriteLine($"SET ID: {set.SetId} DESTS[{set.Count}]:");
            for (var i = 0; i < set.Count; i++)
            {
                var d = set[i];
                output.WriteLine($"  DEST[{i}]: URI={d.Uri} FLAGS={d.Flags.ToKamailioLetters()} PRIORITY={d.Priority} ATTRS={d.Attributes}{(d.Description is null ? "" : $" DESC={d.Description}")}");
            }
        }
    }
}
