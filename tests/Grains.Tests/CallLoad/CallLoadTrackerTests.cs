using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.CallLoad;

public sealed class CallLoadTrackerTests
{
    private const int SetId = 1;

    private readonly ManualTimeProvider _time = new();
    private readonly CallLoadTracker _tracker;

    public CallLoadTrackerTests() => _tracker = new CallLoadTracker(CallLoadOptions.Default, _time);

    public enum StepKind
    {
        Start,
        Confirm,
        Move,
        Touch,
        End,
        Advance,
        Expire,
    }

    [Fact]
    public void Start_NewCall_CountsOnceOnItsDestinationOnly()
    {
        Assert.True(_tracker.Start("c1", SetId, "gw1"));

        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(0, _tracker.GetLoad(SetId, "gw2"));
        Assert.Equal(0, _tracker.GetLoad(SetId + 1, "gw1"));
        Assert.Equal(1, _tracker.ActiveCalls);
    }

    [Theory]
    [InlineData(SetId, "gw1")]
    [InlineData(SetId, "gw2")]
    [InlineData(SetId + 1, "gw1")]
    public void Start_DuplicateCallId_ReturnsFalseAndKeepsTheFirstCount(int setId, string duid)
    {
        _tracker.Start("c1", SetId, "gw1");

        Assert.False(_tracker.Start("c1", setId, duid));

        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(1, _tracker.ActiveCalls);
        Assert.Equal(1, _tracker.Snapshot().Sum(l => l.Load));
    }

    [Fact]
    public void Start_DuidDiffersOnlyInCase_CountsOnTheSameDestination()
    {
        _tracker.Start("c1", SetId, "gw1");
        _tracker.Start("c2", SetId, "GW1");

        Assert.Equal(2, _tracker.GetLoad(SetId, "Gw1"));
    }

    [Fact]
    public void Start_CallIdDiffersOnlyInCase_IsAnotherCall()
    {
        Assert.True(_tracker.Start("abc@host", SetId, "gw1"));
        Assert.True(_tracker.Start("ABC@host", SetId, "gw1"));

        Assert.Equal(2, _tracker.GetLoad(SetId, "gw1"));
    }

    [Theory]
    [InlineData("", "gw1")]
    [InlineData("c1", "")]
    public void Start_EmptyCallIdOrDuid_Throws(string callId, string duid) =>
        Assert.Throws<ArgumentException>(() => _tracker.Start(callId, SetId, duid));

    [Fact]
    public void End_TrackedCall_RemovesItsLoadOnce()
    {
        _tracker.Start("c1", SetId, "gw1");
        _tracker.Start("c2", SetId, "gw1");

        Assert.True(_tracker.End("c1"));
        Assert.False(_tracker.End("c1"));

        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(1, _tracker.ActiveCalls);
    }

    [Fact]
    public void End_UnknownCallId_ReturnsFalseAndChangesNothing()
    {
        _tracker.Start("c1", SetId, "gw1");

        Assert.False(_tracker.End("never-started"));

        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(1, _tracker.ActiveCalls);
    }

    [Theory]
    [InlineData(nameof(CallLoadTracker.Confirm))]
    [InlineData(nameof(CallLoadTracker.Touch))]
    [InlineData(nameof(CallLoadTracker.Move))]
    public void Operation_UnknownCallId_ReturnsFalseAndCountsNothing(string operation)
    {
        var result = operation switch
        {
            nameof(CallLoadTracker.Confirm) => _tracker.Confirm("nope"),
            nameof(CallLoadTracker.Touch) => _tracker.Touch("nope"),
            _ => _tracker.Move("nope", "gw2"),
        };

        Assert.False(result);
        Assert.Equal(0, _tracker.ActiveCalls);
        Assert.Equal(0, _tracker.GetLoad(SetId, "gw2"));
    }

    [Fact]
    public void Move_ToAnotherDuid_MovesTheLoad()
    {
        _tracker.Start("c1", SetId, "gw1");

        Assert.True(_tracker.Move("c1", "gw2"));

        Assert.Equal(0, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(1, _tracker.GetLoad(SetId, "gw2"));
        Assert.Equal(1, _tracker.ActiveCalls);
        Assert.True(_tracker.End("c1"));
        Assert.Equal(0, _tracker.GetLoad(SetId, "gw2"));
    }

    [Theory]
    [InlineData("gw1")]
    [InlineData("GW1")]
    public void Move_ToTheSameDuid_KeepsTheLoad(string sameDuid)
    {
        _tracker.Start("c1", SetId, "gw1");

        Assert.True(_tracker.Move("c1", sameDuid));

        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(1, _tracker.ActiveCalls);
    }

    [Fact]
    public void Move_StaysInTheCallsSet()
    {
        _tracker.Start("c1", 7, "gw1");

        _tracker.Move("c1", "gw2");

        Assert.Equal(1, _tracker.GetLoad(7, "gw2"));
        Assert.Equal(0, _tracker.GetLoad(SetId, "gw2"));
    }

    [Fact]
    public void Move_ConfirmedCall_IsUnconfirmedAgainLikeKamailiosNewCell()
    {
        _tracker.Start("c1", SetId, "gw1");
        _tracker.Confirm("c1");
        _time.Advance(TimeSpan.FromMinutes(10));

        _tracker.Move("c1", "gw2");
        _time.Advance(CallLoadOptions.Default.UnconfirmedTimeout);

        Assert.Equal(1, _tracker.Expire());
        Assert.Equal(0, _tracker.GetLoad(SetId, "gw2"));
    }

    [Theory]
    [InlineData(false, 0, 239, false)]
    [InlineData(false, 0, 240, true)]
    [InlineData(true, 0, 240, false)]
    [InlineData(true, 0, 7199, false)]
    [InlineData(true, 0, 7200, true)]
    [InlineData(true, 60, 7200, false)]
    [InlineData(true, 60, 7260, true)]
    public void Expire_DefaultLimits_UseTheStateOfTheCall(bool confirm, int confirmAtSeconds, int checkAtSeconds, bool expired)
    {
        _tracker.Start("c1", SetId, "gw1");
        if (confirm)
        {
            _time.Advance(TimeSpan.FromSeconds(confirmAtSeconds));
            Assert.True(_tracker.Confirm("c1"));
        }

        _time.Advance(TimeSpan.FromSeconds(checkAtSeconds - confirmAtSeconds));

        Assert.Equal(expired ? 1 : 0, _tracker.Expire());
        Assert.Equal(expired ? 0 : 1, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(expired ? 0 : 1, _tracker.ActiveCalls);
    }

    [Theory]
    [InlineData(false, 200, 439, false)]
    [InlineData(false, 200, 440, true)]
    [InlineData(true, 7000, 14199, false)]
    [InlineData(true, 7000, 14200, true)]
    public void Touch_ThenWait_LimitRestartsFromTheTouch(bool confirm, int touchAtSeconds, int checkAtSeconds, bool expired)
    {
        _tracker.Start("c1", SetId, "gw1");
        if (confirm)
        {
            _tracker.Confirm("c1");
        }

        _time.Advance(TimeSpan.FromSeconds(touchAtSeconds));
        Assert.True(_tracker.Touch("c1"));
        Assert.Equal(0, _tracker.Expire());
        _time.Advance(TimeSpan.FromSeconds(checkAtSeconds - touchAtSeconds));

        Assert.Equal(expired ? 1 : 0, _tracker.Expire());
        Assert.Equal(expired ? 0 : 1, _tracker.GetLoad(SetId, "gw1"));
    }

    [Fact]
    public void Expire_MixedStates_UnconfirmedGoesFirst()
    {
        _tracker.Start("ringing", SetId, "gw1");
        _tracker.Start("answered", SetId, "gw1");
        _tracker.Confirm("answered");

        _time.Advance(CallLoadOptions.Default.UnconfirmedTimeout);

        Assert.Equal(1, _tracker.Expire());
        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
        Assert.False(_tracker.Touch("ringing"));
        Assert.True(_tracker.Touch("answered"));
    }

    [Fact]
    public void Expire_SeveralDestinations_ReturnsCountAndDecrementsEach()
    {
        _tracker.Start("c1", SetId, "gw1");
        _tracker.Start("c2", SetId, "gw1");
        _tracker.Start("c3", SetId, "gw2");
        _tracker.Start("kept", SetId, "gw2");
        _time.Advance(TimeSpan.FromMinutes(3));
        _tracker.Touch("kept");
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(3, _tracker.Expire());

        Assert.Equal(0, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(1, _tracker.GetLoad(SetId, "gw2"));
        Assert.Equal(0, _tracker.Expire());
    }

    [Fact]
    public void End_AfterExpire_ReturnsFalseAndLoadStaysZero()
    {
        _tracker.Start("c1", SetId, "gw1");
        _time.Advance(CallLoadOptions.Default.UnconfirmedTimeout);
        _tracker.Expire();

        Assert.False(_tracker.End("c1"));
        Assert.False(_tracker.Confirm("c1"));

        Assert.Equal(0, _tracker.GetLoad(SetId, "gw1"));
        Assert.Equal(0, _tracker.ActiveCalls);
        Assert.Empty(_tracker.Snapshot());
    }

    [Fact]
    public void Start_AfterTheDestinationWentIdleAndWasSwept_CountsAgain()
    {
        _tracker.Start("c1", SetId, "gw1");
        _tracker.End("c1");
        _tracker.Expire();

        _tracker.Start("c2", SetId, "gw1");
        _tracker.Start("c3", SetId, "gw1");
        _tracker.End("c2");

        Assert.Equal(1, _tracker.GetLoad(SetId, "gw1"));
    }

    [Fact]
    public void Start_TenThousandCalls_TakesWellUnderAKilobyteEach()
    {
        const int calls = 10_000;
        var callIds = Enumerable.Range(0, calls).Select(i => $"{i:x8}-a84b4c76e66710@pc33.atlanta.example.com").ToArray();
        _tracker.Start("warm-up", SetId, "gw1");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            _tracker.Start(callIds[i], SetId, "gw1");
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;

        // The table's own share, growth included (about 150 bytes); the Call-ID string is the caller's.
        Assert.InRange(perCall, 1, 256);
    }

    [Fact]
    public void FillLoads_DestinationsWithAndWithoutDuid_WritesLoadByIndex()
    {
        var set = DestinationSet.Create(SetId, [Dest("sip:10.0.0.1", "gw1"), Dest("sip:10.0.0.2", "gw2"), Dest("sip:10.0.0.3", null)]);
        _tracker.Start("c1", SetId, "gw1");
        _tracker.Start("c2", SetId, "gw1");
        _tracker.Start("c3", SetId, "sip:10.0.0.3");
        _tracker.Start("other-set", SetId + 1, "gw2");
        var loads = new int[set.Count + 1];
        loads[^1] = -7;

        _tracker.FillLoads(set, loads);

        Assert.Equal(2, loads[set.IndexOf("gw1")]);
        Assert.Equal(0, loads[set.IndexOf("gw2")]);
        Assert.Equal(1, loads[set.IndexOf("sip:10.0.0.3")]);
        Assert.Equal(-7, loads[^1]);
    }

    [Fact]
    public void FillLoads_SpanShorterThanSet_Throws()
    {
        var set = DestinationSet.Create(SetId, [Dest("sip:a", "gw1"), Dest("sip:b", "gw2")]);

        Assert.Throws<ArgumentException>(() => _tracker.FillLoads(set, new int[1]));
    }

    [Fact]
    public void Snapshot_SeveralSets_ListsBusyDestinationsBySetThenDuid()
    {
        _tracker.Start("c1", 2, "b");
        _tracker.Start("c2", 1, "z");
        _tracker.Start("c3", 2, "a");
        _tracker.Start("c4", 2, "b");
        _tracker.Start("c5", 1, "idle");
        _tracker.End("c5");

        Assert.Equal(
            new DestinationCallLoad[] { new(1, "z", 1), new(2, "a", 1), new(2, "b", 2) },
            _tracker.Snapshot());
    }

    [Fact]
    public void Validate_Defaults_HasNoErrors() => Assert.Empty(CallLoadOptions.Default.Validate());

    [Theory]
    [InlineData(0, 7200, 5, nameof(CallLoadOptions.UnconfirmedTimeout))]
    [InlineData(240, -1, 5, nameof(CallLoadOptions.ConfirmedTimeout))]
    [InlineData(240, 8 * 86400, 5, nameof(CallLoadOptions.ConfirmedTimeout))]
    [InlineData(240, 7200, 0, nameof(CallLoadOptions.SweepInterval))]
    [InlineData(240, 7200, 240, nameof(CallLoadOptions.SweepInterval))]
    public void Validate_OutOfRange_NamesTheSettingAndTrackerRefusesIt(int unconfirmed, int confirmed, int sweep, string setting)
    {
        var options = new CallLoadOptions
        {
            UnconfirmedTimeout = TimeSpan.FromSeconds(unconfirmed),
            ConfirmedTimeout = TimeSpan.FromSeconds(confirmed),
            SweepInterval = TimeSpan.FromSeconds(sweep),
        };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith(setting, error);
        var thrown = Assert.Throws<ArgumentException>(() => new CallLoadTracker(options, _time));
        Assert.Contains(setting, thrown.Message);
    }

    [Property(Arbitrary = [typeof(StepArbitrary)], MaxTest = 500, StartSize = 20)]
    public void Operations_AnyInterleaving_CountersEqualTrackedCallsAndEndAtZero(Step[] steps, bool finishByExpiry)
    {
        string[] callIds = ["c0", "c1", "c2", "c3"];
        string[] duids = ["gw1", "gw2", "GW1"];
        var options = new CallLoadOptions
        {
            UnconfirmedTimeout = TimeSpan.FromSeconds(30),
            ConfirmedTimeout = TimeSpan.FromSeconds(90),
            SweepInterval = TimeSpan.FromSeconds(1),
        };
        var time = new ManualTimeProvider();
        var tracker = new CallLoadTracker(options, time);
        var model = new Dictionary<string, ModelCall>();
        var now = 0L;

        foreach (var step in steps)
        {
            var id = callIds[step.Call];
            var duid = duids[step.Duid];
            model.TryGetValue(id, out var call);
            var known = call is not null;
            switch (step.Kind)
            {
                case StepKind.Start:
                    Assert.Equal(!known, tracker.Start(id, SetId, duid));
                    if (!known)
                    {
                        model[id] = new ModelCall(duid, false, now + 30);
                    }

                    break;
                case StepKind.Confirm:
                    Assert.Equal(known, tracker.Confirm(id));
                    if (call is not null)
                    {
                        model[id] = call with { Confirmed = true, ExpiresAt = now + 90 };
                    }

                    break;
                case StepKind.Move:
                    Assert.Equal(known, tracker.Move(id, duid));
                    if (known)
                    {
                        model[id] = new ModelCall(duid, false, now + 30);
                    }

                    break;
                case StepKind.Touch:
                    Assert.Equal(known, tracker.Touch(id));
                    if (call is not null)
                    {
                        model[id] = call with { ExpiresAt = now + (call.Confirmed ? 90 : 30) };
                    }

                    break;
                case StepKind.End:
                    Assert.Equal(model.Remove(id), tracker.End(id));
                    break;
                case StepKind.Advance:
                    time.Advance(TimeSpan.FromSeconds(step.Seconds));
                    now += step.Seconds;
                    break;
                case StepKind.Expire:
                    var due = model.Where(c => c.Value.ExpiresAt <= now).Select(c => c.Key).ToList();
                    due.ForEach(c => model.Remove(c));
                    Assert.Equal(due.Count, tracker.Expire());
                    break;
            }

            AssertCountsMatch(tracker, model, duids);
        }

        if (finishByExpiry)
        {
            time.Advance(options.ConfirmedTimeout);
            Assert.Equal(model.Count, tracker.Expire());
        }
        else
        {
            Assert.All(model.Keys, id => Assert.True(tracker.End(id)));
        }

        AssertCountsMatch(tracker, [], duids);
        Assert.All(callIds, id => Assert.False(tracker.End(id)));
        Assert.Empty(tracker.Snapshot());
    }

    [Fact]
    public async Task StartThenEnd_ManyThreadsDistinctCalls_CountsExactlyThenZero()
    {
        const int threads = 8;
        const int callsPerThread = 2_000;
        string[] duids = ["gw1", "gw2", "gw3", "gw4"];
        string CallId(int thread, int i) => $"{thread}-{i}@edge";

        await RunOnThreads(threads, t =>
        {
            for (var i = 0; i < callsPerThread; i++)
            {
                Assert.True(_tracker.Start(CallId(t, i), SetId, duids[i % duids.Length]));
            }
        });

        Assert.Equal(threads * callsPerThread, _tracker.ActiveCalls);
        Assert.All(duids, d => Assert.Equal(threads * callsPerThread / duids.Length, _tracker.GetLoad(SetId, d)));

        await RunOnThreads(threads, t =>
        {
            for (var i = 0; i < callsPerThread; i++)
            {
                Assert.True(_tracker.Confirm(CallId(t, i)));
                Assert.True(_tracker.End(CallId(t, i)));
            }
        });

        Assert.Equal(0, _tracker.ActiveCalls);
        Assert.All(duids, d => Assert.Equal(0, _tracker.GetLoad(SetId, d)));
    }

    [Fact]
    public async Task StartMoveEnd_ThreadsWithBoundedCallsAndAConcurrentSweeper_StayBoundedAndEndAtZero()
    {
        const int threads = 6;
        const int callsPerThread = 5_000;
        const int window = 16;
        var set = DestinationSet.Create(SetId, [Dest("sip:a", "gw1"), Dest("sip:b", "gw2"), Dest("sip:c", "gw3")]);
        var workersLeft = threads;
        string CallId(int thread, int i) => $"{thread}-{i}@edge";

        var sweeper = Task.Factory.StartNew(
            () =>
            {
                var loads = new int[set.Count];
                while (Volatile.Read(ref workersLeft) > 0)
                {
                    _tracker.Expire();
                    _tracker.FillLoads(set, loads);
                    Assert.All(loads, l => Assert.InRange(l, 0, threads * window));
                    Assert.InRange(_tracker.ActiveCalls, 0, threads * window);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await RunOnThreads(threads, t =>
        {
            for (var i = 0; i < callsPerThread + window; i++)
            {
                if (i >= window)
                {
                    Assert.True(_tracker.End(CallId(t, i - window)));
                }

                if (i < callsPerThread)
                {
                    Assert.True(_tracker.Start(CallId(t, i), SetId, set[i % set.Count].Key));
                    Assert.True(_tracker.Move(CallId(t, i), set[(i + 1) % set.Count].Key));
                }
            }

            Interlocked.Decrement(ref workersLeft);
        });
        await sweeper;

        Assert.Equal(0, _tracker.ActiveCalls);
        var final = new int[set.Count];
        _tracker.FillLoads(set, final);
        Assert.All(final, l => Assert.Equal(0, l));
        Assert.Empty(_tracker.Snapshot());
    }

    private static void AssertCountsMatch(CallLoadTracker tracker, Dictionary<string, ModelCall> model, string[] duids)
    {
        foreach (var duid in duids)
        {
            var expected = model.Values.Count(c => string.Equals(c.Duid, duid, StringComparison.OrdinalIgnoreCase));
            var load = tracker.GetLoad(SetId, duid);
            Assert.True(load >= 0, $"load of {duid} is {load}");
            Assert.Equal(expected, load);
            Assert.Equal(0, tracker.GetLoad(SetId + 1, duid));
        }

        Assert.Equal(model.Count, tracker.ActiveCalls);
        Assert.Equal(model.Count, tracker.Snapshot().Sum(l => l.Load));
    }

    private static Destination Dest(string uri, string? duid) =>
        new(uri, DestinationFlags.None, 0, duid is null
            ? DestinationAttributes.Empty
            : DestinationAttributes.FromPairs([new("duid", duid)]));

    // Dedicated threads: blocking work on a 2-core pool would otherwise wait for thread injection.
    private static Task RunOnThreads(int count, Action<int> work) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(t => Task.Factory.StartNew(
            () => work(t), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

    public sealed record Step(StepKind Kind, int Call, int Duid, int Seconds);

    public sealed record ModelCall(string Duid, bool Confirmed, long ExpiresAt);

    public static class StepArbitrary
    {
        public static Arbitrary<Step> Steps() =>
            Arb.From(
                from kind in Gen.Frequency(
                    (3, Gen.Constant(StepKind.Start)),
                    (2, Gen.Constant(StepKind.Confirm)),
                    (2, Gen.Constant(StepKind.Move)),
                    (3, Gen.Constant(StepKind.Touch)),
                    (2, Gen.Constant(StepKind.End)),
                    (4, Gen.Constant(StepKind.Advance)),
                    (3, Gen.Constant(StepKind.Expire)))
                from call in Gen.Choose(0, 3)
                from duid in Gen.Choose(0, 2)
                from seconds in Gen.Choose(1, 40)
                select new Step(kind, call, duid, seconds));
    }
}
