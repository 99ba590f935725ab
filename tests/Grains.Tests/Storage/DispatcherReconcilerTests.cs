using FsCheck.Xunit;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Storage;

public sealed class DispatcherReconcilerTests
{
    private const string Running = """
        1 sip:10.0.0.1 0 0 duid=a;weight=50 Alpha
        1 sip:10.0.0.2 0 0 duid=b;weight=30
        1 sip:10.0.0.3 8 0 duid=c;weight=20
        2 sip:10.0.0.4
        """;

    private static readonly AdminState[] NoAdmin = [];

    private static readonly LatencyStats Measured = new(42, 3, 40, 50, 35, 100, 2) { SumOfSquares = 900 };

    /// <summary>
    /// How the flags of a destination that stays are decided: running = the snapshot's flags
    /// (probing may have moved them), list = the new list's flags, admin = a stored set_state
    /// (-1: none). Runtime bits I, T, P come from running; D and configuration bits from the list
    /// after the administrative state replaced its state bits.
    /// </summary>
    [Theory]
    [InlineData(1, 0, -1, 1)] // probing marked it down: still down after the reload
    [InlineData(9, 8, -1, 9)] // inactive and probing: kept
    [InlineData(2, 0, -1, 2)] // one failed probe (trying): kept
    [InlineData(8, 0, -1, 8)] // probing bit set by the prober: kept
    [InlineData(0, 4, -1, 4)] // an operator wrote 4 into the list: disabled
    [InlineData(4, 0, -1, 0)] // the list no longer says 4 and no set_state: enabled
    [InlineData(4, 0, 4, 4)] // set_state d: survives a list that says 0
    [InlineData(4, 4, 0, 0)] // set_state a: wins over a list that says 4
    [InlineData(3, 4, 0, 3)] // set_state a, then probing: runtime kept, list's 4 overridden
    [InlineData(0, 0, 9, 0)] // set_state ip long ago, probing since found it up: runtime wins
    [InlineData(1, 20, -1, 21)] // disabled + no DNS from the list, inactive from probing
    [InlineData(0, 32, 4, 36)] // no ping is configuration: kept under the administrative state
    public void Reconcile_StayingDestination_FlagsFollowTheTable(int running, int list, int admin, int expected)
    {
        var current = Snapshot($"7 sip:10.0.0.9 {running} 0 duid=x");
        var admins = admin < 0 ? NoAdmin : [State(7, "x", (DestinationFlags)admin)];

        var result = DispatcherReconciler.Reconcile(current, Snapshot($"7 sip:10.0.0.9 {list} 0 duid=x"), admins);

        Assert.Equal((DestinationFlags)expected, Single(result.Snapshot).Flags);
        Assert.Equal(running == expected ? 1 : 0, result.Diff.Sets[0].Unchanged);
    }

    /// <summary>A destination that comes in has no runtime state: the list's flags, the administrative state replacing their state bits.</summary>
    [Theory]
    [InlineData(0, -1, 0)]
    [InlineData(8, -1, 8)]
    [InlineData(0, 4, 4)]
    [InlineData(8, 1, 1)]
    [InlineData(36, 0, 32)]
    public void Reconcile_NewDestination_ListFlagsUnderTheAdminState(int list, int admin, int expected)
    {
        var admins = admin < 0 ? NoAdmin : [State(7, "X", (DestinationFlags)admin)];

        var result = DispatcherReconciler.Reconcile(DispatcherSnapshot.Empty, Snapshot($"7 sip:10.0.0.9 {list} 0 duid=x"), admins);

        Assert.Equal((DestinationFlags)expected, Single(result.Snapshot).Flags);
        Assert.Equal(["x"], result.Diff.Sets[0].Added.ToArray());
    }

    [Fact]
    public void Reconcile_StayAddRemoveChange_AppliesEachAndCountsThemPerSet()
    {
        var current = WithRuntime(Snapshot(Running), 1, "b", DestinationFlags.Inactive);

        var result = DispatcherReconciler.Reconcile(
            current,
            Snapshot("""
                1 sip:10.0.0.1 0 0 duid=a;weight=50 Alpha
                1 sip:10.0.0.2 0 9 duid=b;weight=60
                1 sip:10.0.0.5 0 0 duid=e
                3 sip:10.0.0.6
                """),
            NoAdmin);

        Assert.Equal("set 1: +1 -1 ~1 =1; set 2: +0 -1 ~0 =0; set 3: +1 -0 ~0 =0", result.Diff.ToString());
        Assert.Equal((2, 2, 1), (result.Diff.Added, result.Diff.Removed, result.Diff.Changed));
        Assert.Equal(["e"], result.Diff.Sets[0].Added.ToArray());
        Assert.Equal(["c"], result.Diff.Sets[0].Removed.ToArray());
        Assert.Equal(["b"], result.Diff.Sets[0].Changed.ToArray());
        Assert.Equal(["sip:10.0.0.4"], result.Diff.Sets[1].Removed.ToArray());
        Assert.Equal([1, 3], result.Snapshot.Sets.Select(s => s.SetId));

        // b's new priority puts it first; its weight is the new one and it is still down.
        var b = result.Snapshot.Sets[0][0];
        Assert.Equal(("b", 9, 60, DestinationFlags.Inactive), (b.Key, b.Priority, b.Attributes.Weight, b.Flags));
        Assert.Equal(["b", "e", "a"], result.Snapshot.Sets[0].Destinations.Select(d => d.Key));
        Assert.Equal(current.Version + 1, result.Snapshot.Version);
    }

    [Fact]
    public void Reconcile_StayingDestination_KeepsItsLatencyAndANewOneStartsWithout()
    {
        var current = WithRuntime(Snapshot(Running), 1, "a", DestinationFlags.None, Measured);

        var result = DispatcherReconciler.Reconcile(current, Snapshot(Running + "\n1 sip:10.0.0.7 0 0 duid=g"), NoAdmin);

        Assert.True(result.Snapshot.TryGetSet(1, out var set));
        Assert.Equal(Measured, set[set.IndexOf("a")].Latency);
        Assert.Equal(default, set[set.IndexOf("g")].Latency);
    }

    [Fact]
    public void Reconcile_SameListAgain_NoChangesAndRuntimeStateIntact()
    {
        var current = WithRuntime(Snapshot(Running), 1, "c", DestinationFlags.Inactive | DestinationFlags.Probing, Measured);

        var result = DispatcherReconciler.Reconcile(current, Snapshot(Running), NoAdmin);

        Assert.False(result.Diff.HasChanges);
        Assert.Equal([3, 1], result.Diff.Sets.Select(s => s.Unchanged));
        SnapshotAssert.SameSets(current, result.Snapshot);
    }

    [Fact]
    public void Reconcile_OnlyTheDescriptionOrTheUriChanged_CountsAsChangedAndKeepsHealth()
    {
        var current = WithRuntime(Snapshot(Running), 1, "a", DestinationFlags.Inactive, Measured);

        var result = DispatcherReconciler.Reconcile(
            current, Snapshot(Running.Replace("sip:10.0.0.1 0 0 duid=a;weight=50 Alpha", "sip:10.9.9.9 0 0 duid=a;weight=50 Alpha moved", StringComparison.Ordinal)), NoAdmin);

        var a = result.Snapshot.Sets[0][result.Snapshot.Sets[0].IndexOf("a")];
        Assert.Equal(("sip:10.9.9.9", "Alpha moved", DestinationFlags.Inactive, Measured), (a.Uri, a.Description, a.Flags, a.Latency));
        Assert.Equal(["a"], result.Diff.Sets[0].Changed.ToArray());
    }

    [Fact]
    public void Reconcile_IdentityIgnoresCaseAndFallsBackToTheUri()
    {
        var current = WithRuntime(Snapshot("1 sip:Host.example:5060\n1 sip:10.0.0.1 0 0 duid=Gw1"), 1, "sip:host.example:5060", DestinationFlags.Inactive);
        current = WithRuntime(current, 1, "gw1", DestinationFlags.Inactive);

        var result = DispatcherReconciler.Reconcile(current, Snapshot("1 sip:host.example:5060\n1 sip:10.0.0.2 0 0 duid=GW1"), NoAdmin);

        Assert.All(result.Snapshot.Sets[0].Destinations, d => Assert.Equal(DestinationFlags.Inactive, d.Flags));
        Assert.Equal(0, result.Diff.Added + result.Diff.Removed);
    }

    [Fact]
    public void Reconcile_DuidChanged_IsANewDestination()
    {
        var current = WithRuntime(Snapshot("1 sip:10.0.0.1 0 0 duid=old"), 1, "old", DestinationFlags.Inactive, Measured);

        var result = DispatcherReconciler.Reconcile(current, Snapshot("1 sip:10.0.0.1 0 0 duid=new"), NoAdmin);

        Assert.Equal((DestinationFlags.None, default(LatencyStats)), (Single(result.Snapshot).Flags, Single(result.Snapshot).Latency));
        Assert.Equal("set 1: +1 -1 ~0 =0", result.Diff.ToString());
    }

    [Fact]
    public void Reconcile_SameUriTwiceWithoutDuid_PairsInWrittenOrder()
    {
        var current = WithRuntime(Snapshot("1 sip:10.0.0.1 0 0 x=1\n1 sip:10.0.0.1 0 0 x=2"), 1, "sip:10.0.0.1", DestinationFlags.Inactive);
        Assert.Equal("x=2", current.Sets[0][0].Attributes.ToString());

        var result = DispatcherReconciler.Reconcile(current, Snapshot("1 sip:10.0.0.1 0 0 x=1"), NoAdmin);

        // The later line (x=2) was marked; the one that stays is the first written, so nothing carries over.
        var kept = Single(result.Snapshot);
        Assert.Equal(("x=1", DestinationFlags.None), (kept.Attributes.ToString(), kept.Flags));
        Assert.Equal("set 1: +0 -1 ~0 =1", result.Diff.ToString());
    }

    [Fact]
    public void ApplyAdminStates_ReplacesOnlyStateBitsOfMatchingIdentities()
    {
        var snapshot = Snapshot("1 sip:10.0.0.1 40 0 duid=a\n1 sip:10.0.0.2 8 0 duid=b\n2 sip:10.0.0.1 8 0 duid=a");

        var overlaid = DispatcherReconciler.ApplyAdminStates(snapshot, [State(1, "A", DestinationFlags.Disabled)]);

        Assert.Equal(
            [DestinationFlags.Disabled | DestinationFlags.NoPing, DestinationFlags.Probing, DestinationFlags.Probing],
            overlaid.Sets.SelectMany(s => s.InWrittenOrder()).Select(d => d.Flags));
        Assert.Same(snapshot, DispatcherReconciler.ApplyAdminStates(snapshot, NoAdmin));
    }

    [Fact]
    public void Compare_ConfigurationOnly_NamesTheKeysPerSetIncludingSetsOnOneSide()
    {
        var diff = DispatcherReconciler.Compare(Snapshot(Running), Snapshot("1 sip:10.0.0.1 4 0 duid=a;weight=50 Alpha\n5 sip:10.0.0.5"));

        Assert.Equal("set 1: +0 -2 ~1 =0; set 2: +0 -1 ~0 =0; set 5: +1 -0 ~0 =0", diff.ToString());
        Assert.Equal("no sets", DispatcherReconciler.Compare(DispatcherSnapshot.Empty, DispatcherSnapshot.Empty).ToString());
    }

    /// <summary>Whatever the lists, the result holds exactly the new list's destinations in its order, and the counts add up on both sides.</summary>
    [Property(MaxTest = 200)]
    public void Reconcile_AnyTwoLists_ResultIsTheNewListAndCountsAddUp(int seed)
    {
        var random = new Random(seed);
        var current = RandomSnapshot(random);
        var incoming = RandomSnapshot(random);

        var result = DispatcherReconciler.Reconcile(current, incoming, NoAdmin);

        Assert.Equal(Keys(incoming), Keys(result.Snapshot));
        foreach (var set in result.Diff.Sets)
        {
            var before = current.TryGetSet(set.SetId, out var b) ? b.Count : 0;
            var after = incoming.TryGetSet(set.SetId, out var a) ? a.Count : 0;
            Assert.Equal(after, set.Added.Length + set.Changed.Length + set.Unchanged);
            Assert.Equal(before, set.Removed.Length + set.Changed.Length + set.Unchanged);
        }
    }

    private static DispatcherSnapshot Snapshot(string list)
    {
        var result = DispatcherListReader.Read(list, "dispatcher.list", DispatcherListLoadMode.Strict);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Snapshot;
    }

    private static AdminState State(int setId, string key, DestinationFlags state) =>
        new(setId, key, state, DateTimeOffset.UnixEpoch, "test");

    private static Destination Single(DispatcherSnapshot snapshot) => Assert.Single(Assert.Single(snapshot.Sets).Destinations);

    /// <summary>What probing would have done to a destination: new state bits, optionally latency.</summary>
    private static DispatcherSnapshot WithRuntime(
        DispatcherSnapshot snapshot, int setId, string key, DestinationFlags state, LatencyStats latency = default)
    {
        Assert.True(snapshot.TryGetSet(setId, out var set));
        var i = set.IndexOf(key);
        var d = set[i];
        return snapshot.With(set.With(i, d with { Flags = (d.Flags & ~DestinationFlagsExtensions.StateMask) | state, Latency = latency }));
    }

    private static DispatcherSnapshot RandomSnapshot(Random random)
    {
        var lines = Enumerable.Range(0, random.Next(12)).Select(_ => string.Join(
            ' ',
            random.Next(1, 4),
            $"sip:10.0.0.{random.Next(6)}",
            random.Next(16),
            random.Next(3),
            random.Next(2) == 0 ? $"duid=d{random.Next(4)}" : $"weight={random.Next(1, 100)}"));
        return Snapshot(string.Join('\n', lines));
    }

    private static List<(int, string, int)> Keys(DispatcherSnapshot snapshot) =>
        [.. snapshot.Sets.SelectMany(s => s.Destinations.Select(d => (s.SetId, d.Key, d.Priority)))];
}
