using System.Globalization;
using OrleansLB.Client.Sipp;

namespace OrleansLB.Client.Integration;

/// <summary>Algorithm 9 through the running edge: the calls each backend answers follow the <c>weight</c> attributes.</summary>
public sealed class EdgeWeightTests
{
    private const int Calls = 1000;

    // 4.5 standard deviations: a correct edge fails this about once in 50,000 runs.
    private const double Sigmas = 4.5;

    [Fact]
    public async Task WeightAlgorithm_ThousandCalls_EachBackendWithinBinomialBoundOfItsWeight()
    {
        int[] weights = [50, 30, 20];
        await using var edge = await EdgeUnderTest.StartAsync(
            [.. weights.Select(w => new EdgeBackend(SippScenarios.UasAnswer) { Attributes = $"weight={w}" })],
            EdgeUnderTest.InviteRule(0, 1, "weight"));

        var caller = await SippProcess.RunAsync(edge.Caller(SippScenarios.UacCall, SippTransport.Udp, Calls) with
        {
            CallRate = 250,
            PauseDuration = TimeSpan.Zero,
        });
        var backends = await edge.StopBackendsAsync();

        var why = edge.Describe([caller, .. backends]);
        Assert.True(caller.AllCallsSucceeded, why);
        Assert.Equal(Calls, caller.Statistics.SuccessfulCalls);
        // Answered calls, counted by BYE (see EdgeCallTests); OPTIONS and retransmissions are apart.
        var answered = backends.Select(b => b.Counts.Received("BYE")).ToArray();
        Assert.True(answered.Sum() == Calls, why);
        for (var i = 0; i < weights.Length; i++)
        {
            var p = weights[i] / (double)weights.Sum();
            var expected = Calls * p;
            var bound = Sigmas * Math.Sqrt(Calls * p * (1 - p));
            Assert.True(
                Math.Abs(answered[i] - expected) <= bound,
                string.Create(CultureInfo.InvariantCulture, $"backend {i} (weight {weights[i]}) answered {answered[i]} of {Calls} calls, expected {expected:0} ± {bound:0}; all: {string.Join('/', answered)}"));
        }
    }
}
