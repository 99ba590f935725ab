namespace OrleansLB.Silo.Deployment;

/// <summary>The YAML under k8s/ and the deployment tests passes yamllint with k8s/.yamllint.yaml.</summary>
public sealed class YamlLintTests
{
    private static readonly string Config = Path.Combine(Repository.K8s, ".yamllint.yaml");

    [Fact]
    public async Task Yamllint_K8sAndTestYaml_Passes()
    {
        var run = await ExternalTool.Yamllint.RunAsync(["-c", Config, "-f", "parsable", "--strict", Repository.K8s, Repository.TestFiles]);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Yamllint_OurConfig_RejectsYesAsABoolean()
    {
        var run = await ExternalTool.Yamllint.RunAsync(["-c", Config, "-f", "parsable", "-"], "enabled: yes\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("truthy", run.Output, StringComparison.Ordinal);
    }
}
