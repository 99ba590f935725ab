namespace OrleansLB.Silo.Deployment;

/// <summary>What one run of an <see cref="ExternalTool"/> printed.</summary>
internal sealed record ToolRun(string Command, int ExitCode, string Output, string Error)
{
    public override string ToString() => $"{Command} exited with {ExitCode}\n{Output}\n{Error}".TrimEnd();

    /// <summary>Fails the test with everything the tool printed unless it exited with 0.</summary>
    public ToolRun EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            Assert.Fail(ToString());
        }

        return this;
    }
}
