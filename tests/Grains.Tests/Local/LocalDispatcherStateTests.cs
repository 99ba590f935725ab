using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Health;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Local;

public sealed class LocalDispatcherStateTests : IDisposable
{
    private const string List = """
        1 sip:127.0.0.1:5071 8 0 duid=ast1;maxload=2
        1 sip:127.0.0.1:5072 8 0 duid=ast2;maxload=2
        2 sip:127.0.0.1:5071 0 0 duid=ast1
        2 sip:127.0.0.1:5073 0 0 duid=ast3
        """;

    private readonly LocalDispatcherState _state = Create(HealthOptions.Default with { ProbingMode = ProbingMode.All, ProbingThreshold = 2 });

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task SelectByCallLoad_CountsTheCall_AndStopsAtMaxload()
    {
        var picks = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var selection = await _state.SelectByCallLoadAsync(1, $"call-{i}", limit: 4);
            picks.Add(selection.IsEmpty ? "none" : selection.Destinations[0].Key);
        }

        Assert.Equal(2, picks.Count(p => p == "ast1"));
        Assert.Equal(2, picks.Count(p => p == "ast2"));
        Assert.Equal("none", picks[4]);

        Assert.True(await _state.ReportCallAsync(new CallEnded("call-0")));
        Assert.False((await _state.SelectByCallLoadAsync(1, "call-5", 4)).IsEmpty);
    }

    [Fact]
    public async Task SelectByCallLoad_SameCallIdTwice_CountedOnce()
    {
        await _state.SelectByCallLoadAsync(1, "dup", 4);
        await _state.SelectByCallLoadAsync(1, "dup", 4);

        Assert.Equal(1, _state.Calls.ActiveCalls);
    }

    [Fact]
    public async Task SelectByCallLoad_FailoverListLeavesOutFullDestinations()
    {
        await _state.SelectByCallLoadAsync(1, "a", 4);
        await _state.SelectByCallLoadAsync(1, "b", 4);
        await _state.SelectByCallLoadAsync(1, "c", 4);

        var selection = await _state.SelectByCallLoadAsync(1, "d", 4);

        Assert.Single(selection.Destinations);
    }

    [Fact]
    public async Task ReportCall_MoveRespectingMaxload_RefusedWhenFull()
    {
        await _state.SelectByCallLoadAsync(1, "a", 4); // ast2 (set order: last line first)
        await _state.SelectByCallLoadAsync(1, "b", 4); // ast1
        await _state.SelectByCallLoadAsync(1, "c", 4); // ast2, now full

        Assert.False(await _state.ReportCallAsync(new CallMoved("b", 1, "ast2", RespectMaxLoad: true)));
        Assert.True(await _state.ReportCallAsync(new CallMoved("b", 1, "ast2", RespectMaxLoad: false)));
        Assert.Equal(3, _state.Calls.GetLoad(1, "ast2"));
    }

    [Fact]
    public async Task ReportHealth_TimeoutsToThreshold_EveryEntryWithTheKeyGoesDown()
    {
        var changes = new List<(int SetId, string Key, StateChange Change)>();
        _state.StateChanged += (set, d, change) => changes.Add((set, d.Key, change));
        var version = _state.Snapshot.Version;

        await _state.ReportHealthAsync(new ProbeTimedOut("ast1"));
        Assert.Equal("TP", Flags(1, "ast1"));
        Assert.Empty(changes);

        await _state.ReportHealthAsync(new ProbeTimedOut("ast1"));

        Assert.Equal("IP", Flags(1, "ast1"));
        Assert.Equal("IP", Flags(2, "ast1"));
        Assert.Equal("AP", Flags(1, "ast2"));
        Assert.True(_state.Snapshot.Version > version);
        Assert.Equal([(1, "ast1", StateChange.Down), (2, "ast1", StateChange.Down)], changes.Order());

        await _state.ReportHealthAsync(new ProbeReplied("ast1", 200, TimeSpan.FromMilliseconds(3)));

        Assert.Equal("AP", Flags(1, "ast1"));
        Assert.Contains((1, "ast1", StateChange.Up), changes);
    }

    [Fact]
    public async Task ReportHealth_DestinationUnreachable_InactiveAtOnceInEverySet()
    {
        await _state.ReportHealthAsync(new DestinationUnreachable("ast1"));

        Assert.Equal("IP", Flags(1, "ast1"));
        Assert.Equal("IP", Flags(2, "ast1"));
        Assert.Equal("AP", Flags(1, "ast2"));
    }

    [Fact]
    public async Task ReportHealth_Down_SelectionSkipsIt()
    {
        await _state.ReportHealthAsync(new CallFailed("ast2", 503));
        await _state.ReportHealthAsync(new CallFailed("ast2", 503));

        var selection = await _state.SelectByCallLoadAsync(1, "x", 4);

        Assert.Equal(["ast1"], selection.Destinations.Select(d => d.Key));
    }

    [Fact]
    public async Task SelectByCallLoad_ManyThreads_NeverPastMaxload()
    {
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var id = $"{t}-{i}";
                var selection = await _state.SelectByCallLoadAsync(1, id, 4);
                Assert.True(_state.Calls.GetLoad(1, "ast1") <= 2 && _state.Calls.GetLoad(1, "ast2") <= 2);
                if (!selection.IsEmpty)
                {
                    await _state.ReportCallAsync(new CallEnded(id));
                }
            }
        }));

        await Task.WhenAll(tasks);

        Assert.Equal(0, _state.Calls.ActiveCalls);
    }

    private string Flags(int setId, string key)
    {
        Assert.True(_state.Snapshot.TryGetSet(setId, out var set));
        return set[set.IndexOf(key)].Flags.ToKamailioLetters();
    }

    private static LocalDispatcherState Create(HealthOptions health)
    {
        var read = DispatcherListReader.Read(List, "test.list", DispatcherListLoadMode.Strict);
        Assert.True(read.Succeeded);
        return new LocalDispatcherState(read.Snapshot, health, CallLoadOptions.Default, new ManualTimeProvider());
    }
}
