using System.Diagnostics;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// A command-line tool the deployment checks run (kubectl, node, promtool, yamllint), found on PATH
/// or in the usual Debian and local locations. A missing tool fails the test with how to install it:
/// these checks are the CI's, so they never skip.
/// </summary>
internal sealed record ExternalTool(string Name, string Path)
{
    private static readonly string[] UsualDirectories = ["/usr/local/bin", "/usr/bin", "/bin", "/snap/bin"];

    public static ExternalTool Kubectl => Find("kubectl", "apt-get install kubectl (the machine image has kubectl 1.32 with kustomize v5); .ci/run installs Debian's kubernetes-client where kubectl is missing");

    public static ExternalTool Node => Find("node", "apt-get install nodejs npm, then npm ci in tools/k8s-validate (.ci/run does both)");

    public static ExternalTool Promtool => Find("promtool", "apt-get install prometheus (Debian's package provides promtool; .ci/run installs it)");

    public static ExternalTool Yamllint => Find("yamllint", "apt-get install yamllint (.ci/run installs it)");

    public static ExternalTool Find(string name, string install)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var found = path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(UsualDirectories)
            .Select(dir => System.IO.Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail($"'{name}' was not found on PATH ({path}) nor in {string.Join(", ", UsualDirectories)}. Install it: {install}.");
        }

        return new ExternalTool(name, found);
    }

    /// <summary>Runs the tool to completion (killed after <paramref name="timeout"/>, 60 s by default) and returns what it printed.</summary>
    public async Task<ToolRun> RunAsync(IEnumerable<string> arguments, string? input = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? string.Empty);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Name} {string.Join(' ', start.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        }

        return new ToolRun($"{Name} {string.Join(' ', start.ArgumentList)}", process.ExitCode, await output, await error);
    }
}
