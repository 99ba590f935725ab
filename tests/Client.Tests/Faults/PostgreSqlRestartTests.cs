using OrleansLB.Client.Sip.Proxy;
using OrleansLB.Client.Cluster;
using OrleansLB.Client.Sipp;
using Xunit.Abstractions;

namespace OrleansLB.Client.Faults;

/// <summary>The silo's PostgreSQL restarted under load: calls never wait on storage, so none fails.</summary>
[Collection(SippCollection.Name)]
public sealed class PostgreSqlRestartTests(ITestOutputHelper output)
{
    private const int Calls = 200;
    private const int Rate = 20;
    private static readonly TimeSpan Condition = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task RestartUnderLoad_NoCallFails()
    {
        await using var postgres = await PostgreSqlServer.StartAsync();
        await using var cluster = await ClusterUnderTest.StartAsync(
            backends: 3,
            maxLoad: 50,
            silos: 1,
            edges: 1,
            [("Storage:Provider", "PostgreSql"), ("Storage:ConnectionString", postgres.ConnectionString)]);
        await using var caller = await SippProcess.StartAsync(cluster.Caller(0, SippScenarios.UacCall, Calls, TimeSpan.FromMilliseconds(500)) with { CallRate = Rate });
        await cluster.WaitUntilAsync(async () => (await cluster.ReadLoadsAsync(0)).Count > 0, Condition, "calls counted by the silo's grain");

        await postgres.RestartAsync();
        var result = await caller.WaitForExitAsync();

        var figures = new FaultFigures("PostgreSQL restarted (pg_ctl restart -m fast)", result.Statistics.TotalCalls, result.Statistics.FailedCalls, 0, 0, TimeSpan.Zero, "1 silo, 1 edge, call-load");
        output.WriteLine(figures.ToString());
        var why = $"{figures}\n{cluster.Describe(result)}";
        Assert.False(cluster.Silos[0].HasExited, why);
        Assert.True(result.AllCallsSucceeded && result.Statistics.SuccessfulCalls == Calls, why);
    }
}
