using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

public sealed class DestinationStateMachineTests
{
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(12.9);

    // Each row: ds_probing_mode (0 None, 1 All, 2 Inactive, 3 OnlyFlagged), both thresholds, start state, probe alive?, expected state, failures, successes, change.
    // A "tp" start has already failed once when the threshold is 3, so a failure shows the count going on.
    [Theory]
    [InlineData(0, 1, "ap", true, "a", 0, 0, "None")]
    [InlineData(0, 1, "tp", true, "a", 0, 0, "None")]
    [InlineData(0, 1, "ip", true, "a", 0, 0, "Up")]
    [InlineData(0, 1, "d", true, "d", 0, 0, "None")]
    [InlineData(0, 3, "ap", true, "a", 0, 0, "None")]
    [InlineData(0, 3, "tp", true, "a", 0, 0, "None")]
    [InlineData(0, 3, "ip", true, "ip", 0, 1, "None")]
    [InlineData(0, 3, "d", true, "d", 0, 0, "None")]
    [InlineData(0, 1, "ap", false, "i", 0, 0, "Down")]
    [InlineData(0, 1, "tp", false, "i", 0, 0, "Down")]
    [InlineData(0, 1, "ip", false, "i", 0, 0, "None")]
    [InlineData(0, 1, "d", false, "d", 0, 0, "None")]
    [InlineData(0, 3, "ap", false, "t", 1, 0, "None")]
    [InlineData(0, 3, "tp", false, "t", 2, 0, "None")]
    [InlineData(0, 3, "ip", false, "i", 0, 0, "None")]
    [InlineData(0, 3, "d", false, "d", 0, 0, "None")]
    [InlineData(1, 1, "ap", true, "ap", 0, 0, "None")]
    [InlineData(1, 1, "tp", true, "ap", 0, 0, "None")]
    [InlineData(1, 1, "ip", true, "ap", 0, 0, "Up")]
    [InlineData(1, 1, "d", true, "d", 0, 0, "None")]
    [InlineData(1, 3, "ap", true, "ap", 0, 0, "None")]
    [InlineData(1, 3, "tp", true, "ap", 0, 0, "None")]
    [InlineData(1, 3, "ip", true, "ip", 0, 1, "None")]
    [InlineData(1, 3, "d", true, "d", 0, 0, "None")]
    [InlineData(1, 1, "ap", false, "ip", 0, 0, "Down")]
    [InlineData(1, 1, "tp", false, "ip", 0, 0, "Down")]
    [InlineData(1, 1, "ip", false, "ip", 0, 0, "None")]
    [InlineData(1, 1, "d", false, "d", 0, 0, "None")]
    [InlineData(1, 3, "ap", false, "tp", 1, 0, "None")]
    [InlineData(1, 3, "tp", false, "tp", 2, 0, "None")]
    [InlineData(1, 3, "ip", false, "ip", 0, 0, "None")]
    [InlineData(1, 3, "d", false, "d", 0, 0, "None")]
    [InlineData(2, 1, "ap", true, "a", 0, 0, "None")]
    [InlineData(2, 1, "tp", true, "a", 0, 0, "None")]
    [InlineData(2, 1, "ip", true, "a", 0, 0, "Up")]
    [InlineData(2, 1, "d", true, "d", 0, 0, "None")]
    [InlineData(2, 3, "ap", true, "a", 0, 0, "None")]
    [InlineData(2, 3, "tp", true, "a", 0, 0, "None")]
    [InlineData(2, 3, "ip", true, "ip", 0, 1, "None")]
    [InlineData(2, 3, "d", true, "d", 0, 0, "None")]
    [InlineData(2, 1, "ap", false, "ip", 0, 0, "Down")]
    [InlineData(2, 1, "tp", false, "ip", 0, 0, "Down")]
    [InlineData(2, 1, "ip", false, "ip", 0, 0, "None")]
    [InlineData(2, 1, "d", false, "d", 0, 0, "None")]
    [InlineData(2, 3, "ap", false, "tp", 1, 0, "None")]
    [InlineData(2, 3, "tp", false, "tp", 2, 0, "None")]
    [InlineData(2, 3, "ip", false, "ip", 0, 0, "None")]
    [InlineData(2, 3, "d", false, "d", 0, 0, "None")]
    [InlineData(3, 1, "ap", true, "ap", 0, 0, "None")]
    [InlineData(3, 1, "tp", true, "ap", 0, 0, "None")]
    [InlineData(3, 1, "ip", true, "ap", 0, 0, "Up")]
    [InlineData(3, 1, "d", true, "d", 0, 0, "None")]
    [InlineData(3, 3, "ap", true, "ap", 0, 0, "None")]
    [InlineData(3, 3, "tp", true, "ap", 0, 0, "None")]
    [InlineData(3, 3, "ip", true, "ip", 0, 1, "None")]
    [InlineData(3, 3, "d", true, "d", 0, 0, "None")]
    [InlineData(3, 1, "ap", false, "ip", 0, 0, "Down")]
    [InlineData(3, 1, "tp", false, "ip", 0, 0, "Down")]
    [InlineData(3, 1, "ip", false, "ip", 0, 0, "None")]
    [InlineData(3, 1, "d", false, "d", 0, 0, "None")]
    [InlineData(3, 3, "ap", false, "tp", 1, 0, "None")]
    [InlineData(3, 3, "tp", false, "tp", 2, 0, "None")]
    [InlineData(3, 3, "ip", false, "ip", 0, 0, "None")]
    [InlineData(3, 3, "d", false, "d", 0, 0, "None")]
    public void OnProbe_EveryModeStateAndResult_KamailioTransition(
        int mode, int threshold, string start, bool alive, string expected, int failures, int successes, string change)
    {
        var machine = Machine(new HealthOptions { ProbingMode = (ProbingMode)mode, ProbingThreshold = threshold, InactiveThreshold = threshold });
        var health = Health(start) with { FailureCount = start == "tp" && threshold == 3 ? 1 : 0 };
        var want = new DestinationHealth(Flags(expected), failures, successes, default);

        var results = alive
            ? new[] { machine.OnProbeReply(health, 200, Rtt) }
            : [machine.OnProbeReply(health, 503, Rtt), machine.OnProbeTimeout(health)];

        foreach (var (next, got) in results)
        {
            Assert.Equal(want, next with { Latency = default });
            Assert.Equal(Enum.Parse<StateChange>(change), got);
        }
    }

    [Fact]
    public void OnProbeTimeout_ThresholdThree_InactiveAtThirdFailureOnly()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, ProbingThreshold = 3 });
        var health = Health("ap");
        var changes = new List<StateChange>();
        var states = new List<string>();

        for (var i = 0; i < 4; i++)
        {
            (health, var change) = machine.OnProbeTimeout(health);
            changes.Add(change);
            states.Add(health.Flags.ToKamailioLetters());
        }

        Assert.Equal(["TP", "TP", "IP", "IP"], states);
        Assert.Equal([StateChange.None, StateChange.None, StateChange.Down, StateChange.None], changes);
    }

    [Fact]
    public void OnProbeReply_SuccessBetweenFailures_FailureCountRestarts()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, ProbingThreshold = 3 });

        var health = Health("ap");
        (health, _) = machine.OnProbeTimeout(health);
        (health, _) = machine.OnProbeTimeout(health);
        (health, _) = machine.OnProbeReply(health, 200, Rtt);
        (health, _) = machine.OnProbeTimeout(health);
        (health, _) = machine.OnProbeTimeout(health);

        Assert.Equal(("TP", 2), (health.Flags.ToKamailioLetters(), health.FailureCount));
    }

    [Fact]
    public void OnProbeReply_FailureWhileInactive_SuccessCountRestarts()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, InactiveThreshold = 3 });
        var health = Health("ip") with { SuccessCount = 2 };

        var (next, change) = machine.OnProbeReply(health, 500, Rtt);

        Assert.Equal(("IP", 0, 0), (next.Flags.ToKamailioLetters(), next.FailureCount, next.SuccessCount));
        Assert.Equal(StateChange.None, change);
    }

    [Fact]
    public void OnProbeReply_ModeNoneInactiveBelowThreshold_KeepsProbingThenActiveUnflagged()
    {
        // Kamailio issue #2100: mode 0 with an inactive threshold above 1 must keep probing the destination until it is back.
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.None, InactiveThreshold = 2 });

        var (first, firstChange) = machine.OnProbeReply(Health("ip"), 200, Rtt);
        var (second, secondChange) = machine.OnProbeReply(first, 200, Rtt);

        Assert.Equal(("IP", StateChange.None), (first.Flags.ToKamailioLetters(), firstChange));
        Assert.Equal(("AX", StateChange.Up), (second.Flags.ToKamailioLetters(), secondChange));
    }

    [Fact]
    public void OnProbeReply_ModeOnlyFlaggedFlagRemovedMeanwhile_Ignored()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.OnlyFlagged });
        var health = Health("t") with { FailureCount = 0 };

        Assert.Equal((health, StateChange.None), machine.OnProbeReply(health, 200, Rtt));
        Assert.Equal((health, StateChange.None), machine.OnProbeTimeout(health));
    }

    [Fact]
    public void OnProbeReply_DisabledMeanwhile_StateKeptLatencyRecorded()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All });
        var health = new DestinationHealth(DestinationFlags.Disabled | DestinationFlags.Probing, 0, 0, default);

        var (next, change) = machine.OnProbeReply(health, 503, Rtt);

        Assert.Equal(health.Flags, next.Flags);
        Assert.Equal(1, next.Latency.Count);
        Assert.Equal(StateChange.None, change);
    }

    [Theory]
    [InlineData(202, "AP")]
    [InlineData(403, "AP")]
    [InlineData(302, "AP")]
    [InlineData(404, "IP")]
    [InlineData(408, "IP")]
    public void OnProbeReply_AcceptedReplyCodes_DecideAlive(int code, string expected)
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, AcceptedReplyCodes = ReplyCodeRules.Parse("class=3;code=403") });

        Assert.Equal(expected, machine.OnProbeReply(Health("ap"), code, Rtt).Next.Flags.ToKamailioLetters());
    }

    [Fact]
    public void OnProbeTimeout_TimeoutClassAccepted_StillFailure()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, AcceptedReplyCodes = ReplyCodeRules.Parse("class=4") });

        var (next, change) = machine.OnProbeTimeout(Health("ap"));

        Assert.Equal(("IP", StateChange.Down), (next.Flags.ToKamailioLetters(), change));
        Assert.Equal(1, next.Latency.Timeouts);
    }

    [Fact]
    public void OnProbeReply_408_CountsTimeoutWithoutSample()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All });

        var latency = machine.OnProbeReply(Health("ap"), 408, Rtt).Next.Latency;

        Assert.Equal((1L, 0L), (latency.Timeouts, latency.Count));
    }

    [Fact]
    public void OnProbeReply_ModeAllUnflagged_LatencyFromSecondProbe()
    {
        // ds_update_latency reads the flags before the result sets Probing, so the first probe of an unflagged destination is not timed.
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All });

        var (first, _) = machine.OnProbeReply(Health("a"), 200, Rtt);
        var (second, _) = machine.OnProbeReply(first, 200, TimeSpan.FromMilliseconds(20));

        Assert.Equal(0, first.Latency.Count);
        Assert.Equal("AP", first.Flags.ToKamailioLetters());
        Assert.Equal((1L, 20.0), (second.Latency.Count, second.Latency.Average));
    }

    [Fact]
    public void OnProbeReply_RoundTrip_TruncatedToWholeMilliseconds()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All });

        var latency = machine.OnProbeReply(Health("ap"), 200, Rtt).Next.Latency;

        Assert.Equal((12, 12), (latency.Min, latency.Max));
    }

    [Fact]
    public void OnProbeTimeout_ConfigurationBits_Kept()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All });
        var config = DestinationFlags.NoPing | DestinationFlags.NoDnsResolve;
        var health = new DestinationHealth(DestinationFlags.Probing | config, 0, 0, default);

        var next = machine.OnProbeTimeout(health).Next;

        Assert.Equal(DestinationFlags.Inactive | DestinationFlags.Probing | config, next.Flags);
    }

    [Fact]
    public void OnCallFailure_Threshold_CountsLikeProbes()
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, ProbingThreshold = 3 });
        var health = Health("ap");
        (health, _) = machine.OnProbeTimeout(health);
        (health, _) = machine.OnCallFailure(health);
        Assert.Equal(("TP", 2), (health.Flags.ToKamailioLetters(), health.FailureCount));

        var (next, change) = machine.OnCallFailure(health);

        Assert.Equal(("IP", StateChange.Down), (next.Flags.ToKamailioLetters(), change));
    }

    [Fact]
    public void OnCallFailure_Immediate_InactiveAtOnce()
    {
        var machine = Machine(new HealthOptions { ProbingThreshold = 3, MarkOnCallFailure = MarkOnCallFailure.Immediate });

        var (next, change) = machine.OnCallFailure(Health("t") with { FailureCount = 1 });

        Assert.Equal(new DestinationHealth(Flags("ip"), 0, 0, default), next);
        Assert.Equal(StateChange.Down, change);
    }

    [Fact]
    public void OnCallFailure_MarkDownUnderThreshold_InactiveAtOnce()
    {
        var machine = Machine(new HealthOptions { ProbingThreshold = 3, MarkOnCallFailure = MarkOnCallFailure.Threshold });

        var (next, change) = machine.OnCallFailure(Health("a"), markDown: true);

        Assert.Equal(new DestinationHealth(Flags("ip"), 0, 0, default), next);
        Assert.Equal(StateChange.Down, change);
    }

    [Fact]
    public void OnCallFailure_MarkDownDisabled_Unchanged()
    {
        var health = Health("d");

        Assert.Equal((health, StateChange.None), Machine(new HealthOptions()).OnCallFailure(health, markDown: true));
    }

    [Theory]
    [InlineData("Threshold")]
    [InlineData("Immediate")]
    public void OnCallFailure_Inactive_StaysInactiveSuccessesRestart(string mark)
    {
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All, InactiveThreshold = 3, MarkOnCallFailure = Enum.Parse<MarkOnCallFailure>(mark) });

        var (next, change) = machine.OnCallFailure(Health("ip") with { SuccessCount = 2 });

        Assert.Equal(new DestinationHealth(Flags("ip"), 0, 0, default), next);
        Assert.Equal(StateChange.None, change);
    }

    [Theory]
    [InlineData(0, "a", "IP")]
    [InlineData(2, "a", "IP")]
    [InlineData(1, "a", "IP")]
    [InlineData(3, "a", "IX")]
    [InlineData(3, "ap", "IP")]
    public void OnCallFailure_Probing_SetSoProbesCanBringItBackExceptUnflaggedInOnlyFlagged(int mode, string start, string expected)
    {
        var machine = Machine(new HealthOptions { ProbingMode = (ProbingMode)mode });

        Assert.Equal(expected, machine.OnCallFailure(Health(start)).Next.Flags.ToKamailioLetters());
    }

    [Theory]
    [InlineData("Threshold")]
    [InlineData("Immediate")]
    public void OnCallFailure_Disabled_Unchanged(string mark)
    {
        var machine = Machine(new HealthOptions { MarkOnCallFailure = Enum.Parse<MarkOnCallFailure>(mark) });
        var health = Health("d");

        Assert.Equal((health, StateChange.None), machine.OnCallFailure(health));
    }

    [Fact]
    public void SetState_Inactive_ReplacesStateKeepsConfigurationResetsCounters()
    {
        var health = new DestinationHealth(DestinationFlags.Trying | DestinationFlags.Probing | DestinationFlags.NoDnsResolve, 2, 0, default);

        var (next, change) = DestinationStateMachine.SetState(health, DestinationFlags.Inactive);

        Assert.Equal(new DestinationHealth(DestinationFlags.Inactive | DestinationFlags.NoDnsResolve, 0, 0, default), next);
        Assert.Equal(StateChange.Down, change);
    }

    [Theory]
    [InlineData("ip", "a", "AX", "Up")]
    [InlineData("ip", "AP", "AP", "Up")]
    [InlineData("ap", "d", "DX", "Down")]
    [InlineData("d", "tp", "TP", "Up")]
    [InlineData("ap", "3", "TX", "None")]
    [InlineData("ap", "0p", "IP", "Down")]
    public void TrySetState_KamailioText_NewState(string start, string text, string expected, string change)
    {
        Assert.True(DestinationStateMachine.TrySetState(Health(start) with { FailureCount = 1 }, text, out var result, out var error));

        Assert.Null(error);
        Assert.Equal((expected, 0, Enum.Parse<StateChange>(change)), (result.Next.Flags.ToKamailioLetters(), result.Next.FailureCount, result.Change));
    }

    [Fact]
    public void TrySetState_BadText_ErrorAndUnchanged()
    {
        var health = Health("ap");

        Assert.False(DestinationStateMachine.TrySetState(health, "dp", out var result, out var error));

        Assert.Same(health, result.Next);
        Assert.Contains("never probed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SetState_ConfigurationBit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DestinationStateMachine.SetState(Health("a"), DestinationFlags.NoPing));

    [Theory]
    [InlineData(0, "a", DestinationFlags.None, false)]
    [InlineData(0, "ap", DestinationFlags.None, true)]
    [InlineData(0, "tp", DestinationFlags.None, true)]
    [InlineData(0, "ip", DestinationFlags.None, true)]
    [InlineData(0, "i", DestinationFlags.None, false)]
    [InlineData(1, "a", DestinationFlags.None, true)]
    [InlineData(1, "t", DestinationFlags.None, true)]
    [InlineData(1, "i", DestinationFlags.None, true)]
    [InlineData(1, "d", DestinationFlags.None, false)]
    [InlineData(1, "a", DestinationFlags.NoPing, false)]
    [InlineData(1, "ip", DestinationFlags.NoDnsResolve, false)]
    [InlineData(2, "ip", DestinationFlags.None, true)]
    [InlineData(2, "i", DestinationFlags.None, false)]
    [InlineData(2, "ap", DestinationFlags.None, false)]
    [InlineData(2, "tp", DestinationFlags.None, false)]
    [InlineData(2, "ip", DestinationFlags.NoPing, false)]
    [InlineData(3, "a", DestinationFlags.None, false)]
    [InlineData(3, "ap", DestinationFlags.None, true)]
    [InlineData(3, "ip", DestinationFlags.None, true)]
    [InlineData(3, "ap", DestinationFlags.NoPing, false)]
    public void ShouldProbe_ModeAndFlags_KamailioPingSet(int mode, string state, DestinationFlags config, bool expected)
    {
        var health = Health(state) with { Flags = Flags(state) | config };
        var options = new HealthOptions { ProbingMode = (ProbingMode)mode, PingInterval = TimeSpan.FromSeconds(10) };

        Assert.Equal(expected, DestinationStateMachine.ShouldProbe(health, options));
        Assert.False(DestinationStateMachine.ShouldProbe(health, options with { PingInterval = TimeSpan.Zero }));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws() =>
        Assert.Throws<ArgumentException>(() => new DestinationStateMachine(new HealthOptions { ProbingThreshold = 0 }));

    [Fact]
    public void DestinationHealth_FromAndApplyTo_RoundTripsFlagsAndLatency()
    {
        var destination = new Destination("sip:10.0.0.1:5060", DestinationFlags.Probing, 0, DestinationAttributes.Empty);
        var machine = Machine(new HealthOptions { ProbingMode = ProbingMode.All });

        var (next, _) = machine.OnProbeTimeout(DestinationHealth.From(destination));
        var updated = next.ApplyTo(destination);

        Assert.Equal(DestinationFlags.Inactive | DestinationFlags.Probing, updated.Flags);
        Assert.Equal(1, updated.Latency.Timeouts);
        Assert.Same(destination, DestinationHealth.From(destination).ApplyTo(destination));
    }

    private static DestinationStateMachine Machine(HealthOptions options) => new(options);

    private static DestinationHealth Health(string state) => new(Flags(state), 0, 0, default);

    private static DestinationFlags Flags(string state) =>
        StateText.TryParse(state, out var bits, out var error) ? bits : throw new ArgumentException(error);
}
