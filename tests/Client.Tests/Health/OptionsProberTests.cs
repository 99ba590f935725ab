using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Model;
using OrleansLB.Grains.Local;

namespace OrleansLB.Client.Health;

public sealed class OptionsProberTests : IDisposable
{
    private const string List = """
        1 sip:127.0.0.1:5071 8 0 duid=ast1
        1 sip:127.0.0.1:5072 0 0 duid=ast2
        1 sip:127.0.0.1:5073 4 0 duid=ast3
        2 sip:127.0.0.1:5071 0 0 duid=ast1;ping_from=sip:special@lb
        2 sip:127.0.0.1:5074 32 0 duid=ast4
        """;

    private static readonly HealthOptions All = HealthOptions.Default with
    {
        ProbingMode = ProbingMode.All,
        PingInterval = TimeSpan.FromSeconds(1),
        ProbingThreshold = 2,
    };

    private readonly LocalDispatcherState _state;
    private readonly FakeSender _sender = new();

    public OptionsProberTests()
    {
        var read = DispatcherListReader.Read(List, "t.list", DispatcherListLoadMode.Strict);
        _state = new LocalDispatcherState(read.Snapshot, All, CallLoadOptions.Default, TimeProvider.System);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Due_ModeAll_EveryKeyOnceExceptDisabledAndNoPing() =>
        Assert.Equal(["ast1", "ast2"], OptionsProber.Due(_state.Snapshot, All).Select(d => d.Key).Order());

    [Fact]
    public void Due_ModeNone_OnlyProbingFlagged() =>
        Assert.Equal(["ast1"], OptionsProber.Due(_state.Snapshot, All with { ProbingMode = ProbingMode.None }).Select(d => d.Key));

    [Fact]
    public void Due_PingIntervalZero_Nothing() =>
        Assert.Empty(OptionsProber.Due(_state.Snapshot, All with { PingInterval = TimeSpan.Zero }));

    [Fact]
    public async Task ProbeRound_TimeoutsToThreshold_DestinationGoesInactive_ReplyBringsItBack()
    {
        var prober = Prober(All);
        _sender.Answer = _ => ProbeOutcome.TimedOut;

        await Task.WhenAll(prober.ProbeRound(CancellationToken.None));
        Assert.Equal("TP", Letters(1, "ast2"));
        await Task.WhenAll(prober.ProbeRound(CancellationToken.None));
        Assert.Equal("IP", Letters(1, "ast2"));
        Assert.Equal("IP", Letters(2, "ast1"));

        _sender.Answer = _ => new ProbeOutcome(200, TimeSpan.FromMilliseconds(4));
        await Task.WhenAll(prober.ProbeRound(CancellationToken.None));

        Assert.Equal("AP", Letters(1, "ast2"));
        Assert.Equal(1, _state.Snapshot.Sets[0].Destinations.Single(d => d.Key == "ast2").Latency.Count);
    }

    [Fact]
    public async Task ProbeRound_ProbeStillOut_NotSentAgain()
    {
        var prober = Prober(All);
        var gate = new TaskCompletionSource<ProbeOutcome>();
        _sender.Pending = gate.Task;

        var first = prober.ProbeRound(CancellationToken.None);
        var second = prober.ProbeRound(CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Empty(second);
        gate.SetResult(new ProbeOutcome(200, TimeSpan.Zero));
        await Task.WhenAll(first);
    }

    [Fact]
    public async Task ProbeRound_PingFromAttribute_WinsOverTheDefault()
    {
        var prober = Prober(All);
        _sender.Answer = _ => new ProbeOutcome(200, TimeSpan.Zero);

        await Task.WhenAll(prober.ProbeRound(CancellationToken.None));

        // ast1 is probed once, from its first entry (set 1, no ping_from).
        Assert.Equal("sip:prober@lb", _sender.Froms["ast1"]);
    }

    [Fact]
    public async Task Tick_NotLeader_SkipsRounds_ProbesOnceLeader()
    {
        var leadership = new Switch();
        var prober = Prober(All, leadership);
        _sender.Answer = _ => new ProbeOutcome(200, TimeSpan.Zero);

        Assert.Empty(prober.Tick(CancellationToken.None));
        Assert.Empty(_sender.Froms);

        leadership.IsLeader = true;
        await Task.WhenAll(prober.Tick(CancellationToken.None));

        Assert.Equal(["ast1", "ast2"], _sender.Froms.Keys.Order());
    }

    [Fact]
    public void Tick_NoLeadershipGiven_Probes() =>
        Assert.Equal(2, Prober(All).Tick(CancellationToken.None).Count);

    private OptionsProber Prober(HealthOptions options, IProbeLeadership? leadership = null) =>
        new(_state, _sender, options, "sip:prober@lb", TimeProvider.System, NullLogger<OptionsProber>.Instance, leadership);

    private sealed class Switch : IProbeLeadership
    {
        public bool IsLeader { get; set; }
    }

    private string Letters(int setId, string key)
    {
        Assert.True(_state.Snapshot.TryGetSet(setId, out var set));
        return set[set.IndexOf(key)].Flags.ToKamailioLetters();
    }

    private sealed class FakeSender : IProbeSender
    {
        public Func<Destination, ProbeOutcome> Answer { get; set; } = _ => ProbeOutcome.TimedOut;

        public Task<ProbeOutcome>? Pending { get; set; }

        public ConcurrentDictionary<string, string> Froms { get; } = new();

        public async ValueTask<ProbeOutcome> ProbeAsync(Destination destination, string fromUri, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Froms[destination.Key] = fromUri;
            return Pending is { } pending ? await pending : Answer(destination);
        }
    }
}
