using System.Text.Json.Nodes;
using OrleansLB.Grains.Cluster;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// The rendered objects fit together and fit the programs: Services and budgets select the pods,
/// named ports exist, every node's Akka address and seed list are the silos' stable DNS names,
/// the ports the programs are told to listen on are the container ports, probes and scraping use
/// the contract's paths, shutdown leaves time to drain, and the pods are locked down.
/// </summary>
public sealed class ManifestWiringTests
{
    private const int SipTimerB = 32;

    public static TheoryData<string> Deployables => KustomizationTests.Data(Repository.Deployables());

    public static TheoryData<string> Overlays => KustomizationTests.Data(Repository.Overlays());

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task Services_SelectPodsAndTargetTheirPorts(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var problems = new List<string>();

        foreach (var service in manifests.OfKind("Service"))
        {
            var name = RenderedManifests.Name(service);
            var selected = manifests.Workloads.Where(w => RenderedManifests.Selects(service["spec"]?["selector"], RenderedManifests.PodLabels(w))).ToList();
            if (selected.Count == 0)
            {
                problems.Add($"Service {name} selects no pods");
            }

            foreach (var port in service["spec"]?["ports"]?.AsArray().Select(p => p!.AsObject()) ?? [])
            {
                var target = port["targetPort"] ?? port["port"];
                var protocol = (string?)port["protocol"] ?? "TCP";
                var matches = selected.SelectMany(w => RenderedManifests.Containers(w))
                    .SelectMany(c => c["ports"]?.AsArray().Select(p => p!.AsObject()) ?? [])
                    .Any(p => ((string?)p["protocol"] ?? "TCP") == protocol
                        && (target!.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string?)p["name"] == (string?)target : (int?)p["containerPort"] == (int?)target));
                if (!matches)
                {
                    problems.Add($"Service {name} port {port["name"]} targets {target}/{protocol}, which no selected container has");
                }
            }
        }

        Assert.NotEmpty(manifests.OfKind("Service"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task BudgetsAndAutoscaler_TargetTheRenderedWorkloads(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);

        foreach (var budget in manifests.OfKind("PodDisruptionBudget"))
        {
            var selected = manifests.Workloads.Count(w => RenderedManifests.Selects(budget["spec"]?["selector"]?["matchLabels"], RenderedManifests.PodLabels(w)));
            Assert.True(selected == 1, $"PodDisruptionBudget {RenderedManifests.Name(budget)} selects {selected} workloads, not one");
        }

        Assert.Equal(["orleanslb-edge", "orleanslb-silo"], manifests.OfKind("PodDisruptionBudget").Select(b => RenderedManifests.Name(b)).Order());
        var autoscaler = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"));
        var target = autoscaler["spec"]!["scaleTargetRef"]!;
        var scaled = manifests.Find((string)target["kind"]!, (string)target["name"]!);
        Assert.True(scaled is not null, $"the autoscaler scales {target["kind"]} {target["name"]}, which is not rendered");
        Assert.Equal(OrleansApp.Edge, manifests.Apps.Single(a => a.Workload == scaled).App);

        // A replica count in the Deployment would be reset by every apply, fighting the autoscaler.
        Assert.Null(scaled["spec"]!["replicas"]);
        Assert.Equal("cpu", (string?)autoscaler["spec"]!["metrics"]![0]!["resource"]!["name"]);
        Assert.NotNull(manifests.App(OrleansApp.Edge).Container["resources"]?["requests"]?["cpu"]);
        Assert.True((int)autoscaler["spec"]!["minReplicas"]! >= 2, "one edge is a single point of failure");
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task ClusterAddresses_AreTheSilosStableDnsNames(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var silo = manifests.App(OrleansApp.Silo);
        var edge = manifests.App(OrleansApp.Edge);
        var statefulSet = silo.Workload;
        Assert.Equal("StatefulSet", (string?)statefulSet["kind"]);
        Assert.Equal("Parallel", (string?)statefulSet["spec"]!["podManagementPolicy"]);
        var serviceName = (string)statefulSet["spec"]!["serviceName"]!;
        var headless = manifests.Find("Service", serviceName);
        Assert.True(headless is not null, $"the StatefulSet's serviceName {serviceName} is not a rendered Service");
        Assert.Equal("None", (string?)headless["spec"]!["clusterIP"]);
        Assert.True((bool?)headless["spec"]!["publishNotReadyAddresses"] == true, "silos only become ready after joining, through these DNS names: publish them before");
        Assert.True(RenderedManifests.Selects(headless["spec"]!["selector"], RenderedManifests.PodLabels(statefulSet)));

        var ns = RenderedManifests.Namespace(statefulSet);
        var remoting = ApplicationConfigurationTests.PortNumber(silo, "remoting");
        var systemName = new ClusterOptions().SystemName;
        var siloEnv = Environment(manifests, silo);
        var edgeEnv = Environment(manifests, edge);
        var seeds = siloEnv.Where(e => e.Key.StartsWith("Cluster__SeedNodes__", StringComparison.Ordinal)).Select(e => e.Value).ToList();
        var replicas = (int?)statefulSet["spec"]!["replicas"] ?? 1;
        var expected = Enumerable.Range(0, seeds.Count)
            .Select(i => $"akka.tcp://{systemName}@{RenderedManifests.Name(statefulSet)}-{i}.{serviceName}.{ns}.svc.cluster.local:{remoting}");

        Assert.Equal($"{KubeletEnvironment.PodName(statefulSet)}.{serviceName}.{ns}.svc.cluster.local", siloEnv.GetValueOrDefault("Cluster__Hostname"));
        Assert.Equal(remoting.ToString(System.Globalization.CultureInfo.InvariantCulture), siloEnv.GetValueOrDefault("Cluster__Port"));
        Assert.InRange(seeds.Count, 1, replicas);
        Assert.Equal(expected, seeds);
        Assert.Equal(seeds, edgeEnv.Where(e => e.Key.StartsWith("Cluster__SeedNodes__", StringComparison.Ordinal)).Select(e => e.Value));
        Assert.Equal(KubeletEnvironment.PodIp, edgeEnv.GetValueOrDefault("Cluster__Hostname"));
        Assert.Equal(ApplicationConfigurationTests.PortNumber(edge, "remoting").ToString(System.Globalization.CultureInfo.InvariantCulture), edgeEnv.GetValueOrDefault("Cluster__Port"));
        Assert.Equal("edge", edgeEnv.GetValueOrDefault("Cluster__Roles__0"));
        Assert.Equal("silo", siloEnv.GetValueOrDefault("Cluster__Roles__0"));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task HttpListenersProbesAndScraping_UseTheHttpPort(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);

        foreach (var app in manifests.Apps)
        {
            var http = ApplicationConfigurationTests.PortNumber(app, "http");
            var urls = Environment(manifests, app).GetValueOrDefault("Http__Urls");
            Assert.True(urls is not null, $"{app.App}: no Http__Urls; the program would listen on its loopback default");
            Assert.All(urls.Split(';'), url => Assert.Equal(http, new Uri(url).Port));
            Assert.All(urls.Split(';'), url => Assert.Equal("0.0.0.0", new Uri(url).Host));

            Assert.Equal("/healthz", (string?)app.Container["livenessProbe"]?["httpGet"]?["path"]);
            Assert.Equal("/readyz", (string?)app.Container["readinessProbe"]?["httpGet"]?["path"]);
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" }.Select(p => app.Container[p]).OfType<JsonNode>())
            {
                Assert.Equal("http", (string?)probe["httpGet"]?["port"]);
            }

            var annotations = app.Workload["spec"]!["template"]!["metadata"]!["annotations"]!;
            Assert.Equal("true", (string?)annotations["prometheus.io/scrape"]);
            Assert.Equal(http.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)annotations["prometheus.io/port"]);
            Assert.Equal("/metrics", (string?)annotations["prometheus.io/path"]);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task PodMonitor_ScrapesSilosAndEdgesOnTheirHttpPort(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var monitor = Assert.Single(manifests.OfKind("PodMonitor"));
        var endpoint = Assert.Single(monitor["spec"]!["podMetricsEndpoints"]!.AsArray())!;

        Assert.Equal("/metrics", (string?)endpoint["path"]);
        foreach (var app in manifests.Apps)
        {
            Assert.True(RenderedManifests.Selects(monitor["spec"]!["selector"]!["matchLabels"], RenderedManifests.PodLabels(app.Workload)), $"the PodMonitor does not select the {app.App} pods");
            Assert.NotNull(app.Port((string)endpoint["port"]!));
            Assert.Equal(RenderedManifests.Namespace(app.Workload), RenderedManifests.Namespace(monitor));
        }
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task SipService_IsALoadBalancerThatKeepsCallerAddresses(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var edge = manifests.App(OrleansApp.Edge);

        var sip = Assert.Single(manifests.OfKind("Service"), s => (string?)s["spec"]?["type"] == "LoadBalancer");

        Assert.True(RenderedManifests.Selects(sip["spec"]!["selector"], RenderedManifests.PodLabels(edge.Workload)));
        Assert.Equal("Local", (string?)sip["spec"]!["externalTrafficPolicy"]);
        Assert.Equal(["TCP:5060", "UDP:5060"], sip["spec"]!["ports"]!.AsArray().Select(p => $"{p!["protocol"]}:{p["port"]}").Order());

        // Nothing but SIP leaves the cluster: the admin API, health and metrics stay on ClusterIP Services.
        var exposed = manifests.OfKind("Service").Where(s => (string?)s["spec"]?["type"] is "LoadBalancer" or "NodePort")
            .SelectMany(s => s["spec"]!["ports"]!.AsArray().Select(p => (string?)p!["targetPort"]));
        Assert.All(exposed, target => Assert.StartsWith("sip-", target, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task Shutdown_LeavesTimeToDrainTransactions(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var edge = manifests.App(OrleansApp.Edge);
        using var configuration = AppConfiguration.For(manifests, edge);
        var problems = new List<string>();
        var settings = EdgeSettingsReader.Read(configuration.Configuration, problems);
        Assert.True(settings is not null, $"the edge would not start: {string.Join('\n', problems)}");
        var ringTimeout = (TimeSpan)EdgeSettingsReader.Member(EdgeSettingsReader.Member(settings, "Proxy"), "RingTimeout")!;
        var drainTimeout = (int)((TimeSpan)EdgeSettingsReader.Member(EdgeSettingsReader.Member(settings, "Drain"), "DrainTimeout")!).TotalSeconds;

        var preStop = (int?)edge.Container["lifecycle"]?["preStop"]?["sleep"]?["seconds"];
        Assert.True(preStop is > 0, "the edge needs a preStop pause, so the load balancer stops sending before SIGTERM");
        var grace = (int)edge.PodSpec["terminationGracePeriodSeconds"]!;
        var longest = Math.Max(SipTimerB, (int)ringTimeout.TotalSeconds);
        Assert.True(drainTimeout >= longest, $"Edge:DrainTimeout {drainTimeout} s < the longest transaction ({longest} s)");

        // The edge raises the host's shutdown timeout to Edge:DrainTimeout + 5 s (EdgeDrainOptions.ExitMargin).
        Assert.True(grace > preStop + drainTimeout + 5, $"terminationGracePeriodSeconds {grace} <= preStop {preStop} + Edge:DrainTimeout {drainTimeout} s + 5 s to close");

        foreach (var app in manifests.Apps)
        {
            var appGrace = (int)app.PodSpec["terminationGracePeriodSeconds"]!;
            var appPreStop = (int?)app.Container["lifecycle"]?["preStop"]?["sleep"]?["seconds"] ?? 0;
            var hostTimeout = int.Parse(Environment(manifests, app).GetValueOrDefault("DOTNET_shutdownTimeoutSeconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture);
            hostTimeout = app.App == OrleansApp.Edge ? Math.Max(hostTimeout, drainTimeout + 5) : hostTimeout;
            Assert.True(appGrace >= SipTimerB, $"{app.App}: terminationGracePeriodSeconds {appGrace} < {SipTimerB} s (SIP Timer B/F)");
            Assert.True(appPreStop + hostTimeout < appGrace, $"{app.App}: preStop {appPreStop} s + the host's shutdown timeout {hostTimeout} s leave nothing of the {appGrace} s grace period");
        }
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public async Task Pods_RunLockedDownWithResources(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var problems = new List<string>();

        foreach (var workload in manifests.Workloads)
        {
            var name = RenderedManifests.Name(workload);
            var pod = workload["spec"]!["template"]!["spec"]!;
            Check(pod["securityContext"]?["runAsNonRoot"], true, $"{name}: runAsNonRoot");
            Check(pod["securityContext"]?["seccompProfile"]?["type"], "RuntimeDefault", $"{name}: seccompProfile");
            Check(pod["automountServiceAccountToken"], false, $"{name}: automountServiceAccountToken");
            foreach (var container in RenderedManifests.Containers(workload, includeInit: true))
            {
                var where = $"{name}/{container["name"]}";
                var security = container["securityContext"];
                Check(security?["allowPrivilegeEscalation"], false, $"{where}: allowPrivilegeEscalation");
                Check(security?["readOnlyRootFilesystem"], true, $"{where}: readOnlyRootFilesystem");
                if (security?["capabilities"]?["drop"]?.AsArray().Any(c => (string?)c == "ALL") != true)
                {
                    problems.Add($"{where}: capabilities are not all dropped");
                }

                foreach (var resource in new[] { "requests/cpu", "requests/memory", "limits/cpu", "limits/memory" })
                {
                    var parts = resource.Split('/');
                    if (container["resources"]?[parts[0]]?[parts[1]] is null)
                    {
                        problems.Add($"{where}: no resources.{parts[0]}.{parts[1]}");
                    }
                }
            }
        }

        foreach (var app in manifests.Apps)
        {
            var tmp = app.VolumeMounts.FirstOrDefault(m => (string?)m["mountPath"] == "/tmp");
            if (tmp is null || app.Volume((string)tmp["name"]!)?["emptyDir"] is null)
            {
                problems.Add($"{app.App}: no emptyDir at /tmp (the root file system is read-only; .NET writes its diagnostics socket there)");
            }
        }

        Assert.NotEmpty(manifests.Workloads);
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        void Check(JsonNode? actual, object expected, string what)
        {
            if (actual?.ToJsonString() != JsonValue.Create(expected)!.ToJsonString())
            {
                problems.Add($"{what} is {actual?.ToJsonString() ?? "not set"}, not {JsonValue.Create(expected)!.ToJsonString()}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_PinsImagesAndRendersEveryReferencedObject(string kustomization)
    {
        var manifests = await Kustomize.RenderAsync(kustomization);
        var problems = new List<string>();

        foreach (var workload in manifests.Workloads)
        {
            var pod = workload["spec"]!["template"]!["spec"]!;
            foreach (var container in RenderedManifests.Containers(workload, includeInit: true))
            {
                var image = (string)container["image"]!;
                var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
                if (tag is null or "latest")
                {
                    problems.Add($"{RenderedManifests.Name(workload)}/{container["name"]}: image {image} is not pinned to a tag or digest");
                }

                foreach (var env in container["env"]?.AsArray() ?? [])
                {
                    foreach (var (kind, reference) in new[] { ("Secret", env!["valueFrom"]?["secretKeyRef"]), ("ConfigMap", env["valueFrom"]?["configMapKeyRef"]) })
                    {
                        if (reference is not null && manifests.DataValue(kind, (string)reference["name"]!, (string)reference["key"]!) is null)
                        {
                            problems.Add($"{RenderedManifests.Name(workload)}/{container["name"]}: {env["name"]} needs {kind} {reference["name"]} key {reference["key"]}, which is not rendered");
                        }
                    }
                }
            }

            foreach (var volume in pod["volumes"]?.AsArray() ?? [])
            {
                if (volume!["configMap"]?["name"] is { } map && manifests.Find("ConfigMap", (string)map!) is null)
                {
                    problems.Add($"{RenderedManifests.Name(workload)}: volume {volume["name"]} needs ConfigMap {map}, which is not rendered");
                }
            }

            if ((string?)workload["metadata"]?["namespace"] is null)
            {
                problems.Add($"{RenderedManifests.Name(workload)} has no namespace");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static Dictionary<string, string?> Environment(RenderedManifests manifests, AppContainer app) =>
        KubeletEnvironment.Resolve(manifests, app).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
}
