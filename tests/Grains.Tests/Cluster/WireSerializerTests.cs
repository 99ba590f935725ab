using System.Collections.Immutable;
using Akka.Actor;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;
using SerializationException = System.Runtime.Serialization.SerializationException;

namespace OrleansLB.Grains.Cluster;

public sealed class WireSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("wire");
    private readonly WireSerializer _serializer;

    public WireSerializerTests() => _serializer = new WireSerializer((ExtendedActorSystem)_system);

    public static TheoryData<object> SimpleMessages() =>
    [
        GetSetSnapshot.Instance,
        GetSetIds.Instance,
        new SelectByCallLoad(7, "a84b4c76e66710@pc33.atlanta.com", 3),
        new CallStarted("c1", 1, "duid-a"),
        new CallMoved("c1", 1, "sip:10.0.0.2:5060", RespectMaxLoad: true),
        new CallConfirmed("c1"),
        new CallActivity("ü-call"),
        new CallEnded("c1"),
        CallReportAck.True,
        CallReportAck.False,
        new ProbeReplied("duid-a", 200, TimeSpan.FromTicks(123_456)),
        new ProbeTimedOut("sip:10.0.0.3"),
        new CallFailed("duid-b", 503),
        new DestinationUnreachable("duid-d"),
        new ReplicatedCall(2, "duid-c", Confirmed: true),
        new AdminSetState(1, AdminSetState.All, "ip", "ops"),
        new AdminRemoveDestination(2, "duid-a", "ops"),
        new AdminReload("ops"),
        AdminResult.Ok(3),
        AdminResult.Failed("Unknown set 9."),
    ];

    [Theory]
    [MemberData(nameof(SimpleMessages))]
    public void RoundTrip_RecordMessage_EqualsOriginal(object message) =>
        Assert.Equal(message, RoundTrip(message));

    [Fact]
    public void RoundTrip_SetSnapshot_KeepsOrderFlagsAttributesAndLatency()
    {
        var snapshot = new SetSnapshot(638_000_000_000, 42, Set());

        var copy = Assert.IsType<SetSnapshot>(RoundTrip(snapshot));

        Assert.Equal((snapshot.Epoch, snapshot.Version, snapshot.Set.SetId), (copy.Epoch, copy.Version, copy.Set.SetId));
        Assert.Equal(snapshot.Set.Destinations.ToArray(), copy.Set.Destinations.ToArray());
        Assert.Equal(snapshot.Set.AllSamePositivePriority, copy.Set.AllSamePositivePriority);
    }

    [Fact]
    public void RoundTrip_SetIds_KeepsIds()
    {
        var copy = Assert.IsType<SetIds>(RoundTrip(new SetIds([1, 2, 40])));

        Assert.Equal([1, 2, 40], copy.Ids.ToArray());
    }

    [Fact]
    public void RoundTrip_CallLoadSelection_KeepsDestinations()
    {
        var selection = new CallLoadSelection(3, Set().Destinations[..2]);

        var copy = Assert.IsType<CallLoadSelection>(RoundTrip(selection));

        Assert.Equal(3, copy.SetId);
        Assert.Equal(selection.Destinations.ToArray(), copy.Destinations.ToArray());
    }

    [Fact]
    public void RoundTrip_EmptyCallLoadSelection_IsEmpty() =>
        Assert.True(Assert.IsType<CallLoadSelection>(RoundTrip(CallLoadSelection.None(4))).IsEmpty);

    [Fact]
    public void RoundTrip_Envelope_CarriesInnerMessage()
    {
        var envelope = new GrainEnvelope(GrainType.CallLoad, GrainKeys.Calls, new SelectByCallLoad(1, "x", 2));

        Assert.Equal(envelope, RoundTrip(envelope));
    }

    [Fact]
    public void RoundTrip_CallLoadBatch_KeepsRequestsInOrder()
    {
        var batch = new CallLoadBatch(42, [new SelectByCallLoad(1, "x", 2), new CallConfirmed("x"), new CallEnded("y")]);

        var copy = Assert.IsType<CallLoadBatch>(RoundTrip(batch));

        Assert.Equal(42, copy.Id);
        Assert.Equal(batch.Requests.ToArray(), copy.Requests.ToArray());
    }

    [Fact]
    public void RoundTrip_CallLoadBatchAnswer_KeepsAnswersInOrder()
    {
        var answer = new CallLoadBatchAnswer(7, [CallReportAck.False, new CallLoadSelection(5, Set().Destinations[..1]), CallReportAck.True]);

        var copy = Assert.IsType<CallLoadBatchAnswer>(RoundTrip(answer));

        Assert.Equal(7, copy.Id);
        Assert.Equal(CallReportAck.False, copy.Answers[0]);
        Assert.Equal(Set().Destinations[0], Assert.IsType<CallLoadSelection>(copy.Answers[1]).Destinations.Single());
        Assert.Equal(CallReportAck.True, copy.Answers[2]);
    }

    [Fact]
    public void RoundTrip_AdminAddDestination_KeepsDestination()
    {
        var add = new AdminAddDestination(5, Set().Destinations[0], "ops");

        var copy = Assert.IsType<AdminAddDestination>(RoundTrip(add));

        Assert.Equal((add.SetId, add.Destination, add.Actor), (copy.SetId, copy.Destination, copy.Actor));
    }

    [Fact]
    public void Types_EveryMessage_HasUniqueId()
    {
        Assert.Equal(WireSerializer.Types.Count, WireSerializer.Types.Select(t => t.Id).Distinct().Count());
        Assert.Equal(WireSerializer.Types.Count, WireSerializer.Types.Select(t => t.Type).Distinct().Count());
    }

    [Fact]
    public void FromBinary_Truncated_Throws()
    {
        var bytes = _serializer.ToBinary(new CallStarted("c1", 1, "duid-a"));

        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes[..^2], _serializer.Manifest(new CallStarted("c1", 1, "duid-a"))));
    }

    [Fact]
    public void FromBinary_UnknownManifest_Throws() =>
        Assert.Throws<SerializationException>(() => _serializer.FromBinary([], "999"));

    [Fact]
    public void ToBinary_ForeignType_Throws() =>
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary("a string"));

    public void Dispose() => _system.Dispose();

    internal static DestinationSet Set()
    {
        Assert.True(DestinationAttributes.TryParse("duid=a;maxload=10;prefix=49", out var a, out _));
        return DestinationSet.Create(5,
        [
            new Destination("sip:10.0.0.1:5060", DestinationFlags.Probing, 5, a, "first") { Latency = new LatencyStats(1.5, 0.5, 1.2, 3, 1, 10, 2) { SumOfSquares = 2.25 } },
            new Destination("sip:10.0.0.2:5060", DestinationFlags.Inactive | DestinationFlags.NoPing, 5, DestinationAttributes.Empty),
            new Destination("sip:10.0.0.3:5060", DestinationFlags.None, 9, DestinationAttributes.Empty, "third"),
        ]);
    }

    private object RoundTrip(object message) =>
        _serializer.FromBinary(_serializer.ToBinary(message), _serializer.Manifest(message));
}
