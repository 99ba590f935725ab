using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// Silo/Dockerfile and Client/Dockerfile, checked without a Docker engine (CI has none): the SDK
/// builds and the ASP.NET runtime runs, as a non-root user, the project's own assembly, with the
/// ports and the working directory the manifests expect, and the restore layer has every project.
/// </summary>
public sealed partial class DockerfileTests
{
    private const string ImageUserId = "1654";

    public static TheoryData<string> Apps => KustomizationTests.Data([OrleansApp.Silo.Component, OrleansApp.Edge.Component]);

    [Theory]
    [MemberData(nameof(Apps))]
    public void Stages_BuildWithTheSdkAndRunOnAspNet(string component)
    {
        var dockerfile = Dockerfile.Read(OrleansApp.Named(component).Dockerfile);

        Assert.True(dockerfile.Stages.Count >= 2, "a multi-stage build: the SDK must not ship in the image");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.Stages[0].Image);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Final.Image);
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Entrypoint_RunsTheProjectsAssembly(string component)
    {
        var app = OrleansApp.Named(component);
        var assembly = AssemblyName().Match(File.ReadAllText(Repository.PathOf(app.Project))).Groups[1].Value;
        var dockerfile = Dockerfile.Read(app.Dockerfile);

        var entrypoint = JsonNode.Parse(dockerfile.Final.Last("ENTRYPOINT") ?? "null")?.AsArray().Select(a => (string?)a).ToList();

        // The exec form, so dotnet is PID 1 and gets SIGTERM to drain.
        Assert.Equal(["dotnet", $"{assembly}.dll"], entrypoint);
        Assert.NotEmpty(assembly);
        var publish = Assert.Single(dockerfile.Stages[0].All("RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(app.Project, publish, StringComparison.Ordinal);
        var output = Regex.Match(publish, @"-o\s+(\S+)").Groups[1].Value;
        Assert.Contains(dockerfile.Final.All("COPY"), c => Regex.IsMatch(c, $@"^--from=\S+\s+{Regex.Escape(output)}/?\s+\./?$"));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task User_IsTheImagesNonRootUserThePodsRunAs(string component)
    {
        var app = OrleansApp.Named(component);
        var user = Dockerfile.Read(app.Dockerfile).Final.Last("USER");

        Assert.True(user is "$APP_UID" or "${APP_UID}" or "app" or ImageUserId, $"USER is {user ?? "not set (root)"}: use the base image's $APP_UID");
        foreach (var overlay in Repository.Overlays())
        {
            var pod = (await Kustomize.RenderAsync(overlay)).App(app).PodSpec;
            Assert.Equal(ImageUserId, pod["securityContext"]?["runAsUser"]?.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Expose_CoversTheContainerPorts(string component)
    {
        var app = OrleansApp.Named(component);
        var exposed = Dockerfile.Read(app.Dockerfile).Final.All("EXPOSE")
            .SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => p.Contains('/', StringComparison.Ordinal) ? p.ToLowerInvariant() : $"{p}/tcp")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["5060/udp", "5060/tcp", "8080/tcp", "4053/tcp"]), exposed);
        foreach (var kustomization in Repository.Deployables())
        {
            var ports = (await Kustomize.RenderAsync(kustomization)).App(app).Ports
                .Select(p => $"{(int)p["containerPort"]!}/{((string?)p["protocol"] ?? "TCP").ToLowerInvariant()}");
            Assert.Superset(ports.ToHashSet(StringComparer.Ordinal), exposed);
        }
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Workdir_IsWhereTheManifestsMountAppsettings(string component)
    {
        var app = OrleansApp.Named(component);
        var workdir = Dockerfile.Read(app.Dockerfile).Final.Last("WORKDIR");

        Assert.Equal("/app", workdir);
        foreach (var kustomization in Repository.Deployables())
        {
            var mounts = (await Kustomize.RenderAsync(kustomization)).App(app).VolumeMounts
                .Select(m => (string)m["mountPath"]!)
                .Where(p => p.EndsWith("/appsettings.json", StringComparison.Ordinal));
            Assert.All(mounts, m => Assert.Equal($"{workdir}/appsettings.json", m));
        }
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void RestoreLayer_CopiesEveryReferencedProjectFirst(string component)
    {
        var app = OrleansApp.Named(component);
        var build = Dockerfile.Read(app.Dockerfile).Stages[0].Instructions;
        var restore = build.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copiedBefore = build.Take(restore).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToHashSet(StringComparer.Ordinal);
        var copiedAfter = build.Skip(restore).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToHashSet(StringComparer.Ordinal);

        Assert.True(restore > 0, "no RUN dotnet restore in the build stage");
        Assert.Contains("Directory.Build.props", copiedBefore);
        Assert.Contains("Directory.Packages.props", copiedBefore);
        foreach (var project in AppSource.For(app).Projects.Select(p => p.Replace('\\', '/')))
        {
            Assert.Contains(project, copiedBefore);
            Assert.Contains($"{Path.GetDirectoryName(project)!.Replace('\\', '/')}/", copiedAfter);
        }
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputOutAndSourcesIn()
    {
        var patterns = File.ReadAllLines(Repository.PathOf(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var copied = new[] { OrleansApp.Silo, OrleansApp.Edge }
            .SelectMany(a => Dockerfile.Read(a.Dockerfile).Stages[0].All("COPY"))
            .SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .Select(p => p.Split('/')[0])
            .Distinct();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.All(copied, top => Assert.DoesNotContain(patterns, p => p.TrimEnd('/') == top));
    }

    [GeneratedRegex("<AssemblyName>([^<]+)</AssemblyName>")]
    private static partial Regex AssemblyName();
}
