using System.Collections.Immutable;
using Akka.Actor;
using Akka.Serialization;
using SerializationException = System.Runtime.Serialization.SerializationException;
using OrleansLB.Grains.Interfaces.Cluster;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// The binary wire format of every message that crosses between nodes. The manifest is the
/// message's type id. Each body is its fields in a fixed order; a later version only appends
/// fields at the end (readers of the old version stop early, readers of the new one see
/// <see cref="WireReader.HasMore"/> false on old bodies and use a default), and ids and field
/// positions are never reused. Akka's default JSON serializer cannot build
/// <see cref="DestinationSet"/> (private constructor, immutable arrays), hence this.
/// </summary>
internal sealed class WireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka's serializer id for this format (ids up to 100 belong to Akka).</summary>
    public const int SerializerId = 4117;

    /// <summary>Message types and their ids: append only.</summary>
    internal static readonly IReadOnlyList<(Type Type, int Id)> Types =
    [
        (typeof(GrainEnvelope), 1),
        (typeof(GetSetSnapshot), 2),
        (typeof(SetSnapshot), 3),
        (typeof(GetSetIds), 4),
        (typeof(SetIds), 5),
        (typeof(SelectByCallLoad), 6),
        (typeof(CallLoadSelection), 7),
        (typeof(CallStarted), 8),
        (typeof(CallMoved), 9),
        (typeof(CallConfirmed), 10),
        (typeof(CallActivity), 11),
        (typeof(CallEnded), 12),
        (typeof(CallReportAck), 13),
        (typeof(ProbeReplied), 14),
        (typeof(ProbeTimedOut), 15),
        (typeof(CallFailed), 16),
        (typeof(ReplicatedCall), 17),
        (typeof(AdminSetState), 18),
        (typeof(AdminAddDestination), 19),
        (typeof(AdminRemoveDestination), 20),
        (typeof(AdminReload), 21),
        (typeof(AdminResult), 22),
        (typeof(GetPingActive), 23),
        (typeof(PingActive), 24),
        (typeof(DestinationUnreachable), 25),
        (typeof(ReconcileCalls), 26),
        (typeof(CallLoadBatch), 27),
        (typeof(CallLoadBatchAnswer), 28),
    ];

    private static readonly Dictionary<Type, int> IdOf = Types.ToDictionary(t => t.Type, t => t.Id);
    private static readonly Dictionary<string, int> IdOfManifest = Types.ToDictionary(t => t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t => t.Id);

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => IdFor(o).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override byte[] ToBinary(object obj)
    {
        var writer = new WireWriter();
        Write(writer, obj);
        return writer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        IdOfManifest.TryGetValue(manifest, out var id)
            ? Read(new WireReader(bytes), id)
            : throw new SerializationException($"Unknown OrleansLB wire manifest '{manifest}'.");

    private static int IdFor(object o) =>
        IdOf.TryGetValue(o.GetType(), out var id)
            ? id
            : throw new ArgumentException($"{o.GetType()} has no OrleansLB wire format.", nameof(o));

    private static void Write(WireWriter w, object obj)
    {
        switch (obj)
        {
            case GrainEnvelope e:
                w.Byte((byte)e.Type);
                w.String(e.Key);
                WriteNested(w, e.Message);
                break;
            case CallLoadBatch b:
                w.Long(b.Id);
                WriteArray(w, b.Requests, WriteNested);
                break;
            case CallLoadBatchAnswer a:
                w.Long(a.Id);
                WriteArray(w, a.Answers, WriteNested);
                break;
            case GetSetSnapshot or GetSetIds or GetPingActive:
                break;
            case PingActive p:
                w.Bool(p.Active);
                break;
            case SetSnapshot s:
                w.Long(s.Epoch);
                w.Long(s.Version);
                WriteSet(w, s.Set);
                break;
            case SetIds ids:
                WriteArray(w, ids.Ids, static (w, id) => w.Int(id));
                break;
            case SelectByCallLoad s:
                w.Int(s.SetId);
                w.String(s.CallId);
                w.Int(s.Limit);
                break;
            case CallLoadSelection s:
                w.Int(s.SetId);
                WriteArray(w, s.Destinations.IsDefault ? [] : s.Destinations, WriteDestination);
                break;
            case CallStarted c:
                w.String(c.CallId);
                w.Int(c.SetId);
                w.String(c.DestinationKey);
                break;
            case CallMoved c:
                w.String(c.CallId);
                w.Int(c.SetId);
                w.String(c.DestinationKey);
                w.Bool(c.RespectMaxLoad);
                break;
            case CallConfirmed or CallActivity or CallEnded:
                w.String(((CallReport)obj).CallId);
                break;
            case CallReportAck a:
                w.Bool(a.Accepted);
                break;
            case ProbeReplied p:
                w.String(p.DestinationKey);
                w.Int(p.StatusCode);
                w.Long(p.RoundTrip.Ticks);
                break;
            case ProbeTimedOut p:
                w.String(p.DestinationKey);
                break;
            case DestinationUnreachable u:
                w.String(u.DestinationKey);
                break;
            case CallFailed f:
                w.String(f.DestinationKey);
                w.Int(f.StatusCode);
                break;
            case ReplicatedCall r:
                w.Int(r.SetId);
                w.String(r.DestinationKey);
                w.Bool(r.Confirmed);
                break;
            case AdminSetState a:
                w.Int(a.SetId);
                w.String(a.Destination);
                w.String(a.State);
                w.String(a.Actor);
                break;
            case AdminAddDestination a:
                w.Int(a.SetId);
                WriteDestination(w, a.Destination);
                w.String(a.Actor);
                break;
            case AdminRemoveDestination a:
                w.Int(a.SetId);
                w.String(a.Destination);
                w.String(a.Actor);
                break;
            case AdminReload a:
                w.String(a.Actor);
                break;
            case AdminResult a:
                w.Bool(a.Succeeded);
                w.NullableString(a.Error);
                w.Int(a.Matched);
                break;
            case ReconcileCalls c:
                WriteArray(w, c.Up, static (w, up) =>
                {
                    w.String(up.Key);
                    w.Int(up.Value.SetId);
                    w.String(up.Value.DestinationKey);
                    w.Bool(up.Value.Confirmed);
                });
                WriteArray(w, c.Confirmed, static (w, callId) => w.String(callId));
                WriteArray(w, c.Ended, static (w, callId) => w.String(callId));
                break;
            default:
                throw new ArgumentException($"{obj.GetType()} has no OrleansLB wire format.", nameof(obj));
        }
    }

    private static object Read(WireReader r, int id) => id switch
    {
        1 => new GrainEnvelope((GrainType)r.Byte(), r.String(), ReadNested(r)),
        2 => GetSetSnapshot.Instance,
        3 => new SetSnapshot(r.Long(), r.Long(), ReadSet(r)),
        4 => GetSetIds.Instance,
        5 => new SetIds(ReadArray(r, static r => r.Int())),
        6 => new SelectByCallLoad(r.Int(), r.String(), r.Int()),
        7 => new CallLoadSelection(r.Int(), ReadArray(r, ReadDestination)),
        8 => new CallStarted(r.String(), r.Int(), r.String()),
        9 => new CallMoved(r.String(), r.Int(), r.String(), r.Bool()),
        10 => new CallConfirmed(r.String()),
        11 => new CallActivity(r.String()),
        12 => new CallEnded(r.String()),
        13 => CallReportAck.Of(r.Bool()),
        14 => new ProbeReplied(r.String(), r.Int(), TimeSpan.FromTicks(r.Long())),
        15 => new ProbeTimedOut(r.String()),
        16 => new CallFailed(r.String(), r.Int()),
        17 => new ReplicatedCall(r.Int(), r.String(), r.Bool()),
        18 => new AdminSetState(r.Int(), r.String(), r.String(), r.String()),
        19 => new AdminAddDestination(r.Int(), ReadDestination(r), r.String()),
        20 => new AdminRemoveDestination(r.Int(), r.String(), r.String()),
        21 => new AdminReload(r.String()),
        22 => new AdminResult(r.Bool(), r.NullableString(), r.Int()),
        23 => GetPingActive.Instance,
        24 => PingActive.Of(r.Bool()),
        25 => new DestinationUnreachable(r.String()),
        26 => new ReconcileCalls(
            ReadArray(r, static r => new KeyValuePair<string, ReplicatedCall>(r.String(), new ReplicatedCall(r.Int(), r.String(), r.Bool()))),
            ReadArray(r, static r => r.String()),
            ReadArray(r, static r => r.String())),
        27 => new CallLoadBatch(r.Long(), ReadArray(r, ReadNested)),
        28 => new CallLoadBatchAnswer(r.Long(), ReadArray(r, ReadNested)),
        _ => throw new SerializationException($"Unknown OrleansLB wire type id {id}."),
    };

    /// <summary>A message inside another: its type id, then its body with its length, so a reader can tell where it ends.</summary>
    private static void WriteNested(WireWriter w, object message)
    {
        var inner = new WireWriter();
        Write(inner, message);
        w.Int(IdFor(message));
        w.Bytes(inner.ToArray());
    }

    private static object ReadNested(WireReader r)
    {
        var id = r.Int();
        return Read(new WireReader(r.Bytes()), id);
    }

    /// <summary>The twin of <see cref="ReadArray"/>: the count, then each item.</summary>
    private static void WriteArray<T>(WireWriter w, ImmutableArray<T> items, Action<WireWriter, T> write)
    {
        w.Int(items.Length);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static void WriteSet(WireWriter w, DestinationSet set)
    {
        w.Int(set.SetId);
        w.Int(set.Count);

        // Written order: DestinationSet.Create rebuilds exactly the same selection order from it.
        foreach (var d in set.InWrittenOrder())
        {
            WriteDestination(w, d);
        }
    }

    private static DestinationSet ReadSet(WireReader r)
    {
        var setId = r.Int();
        return DestinationSet.Create(setId, ReadArray(r, ReadDestination));
    }

    private static void WriteDestination(WireWriter w, Destination d)
    {
        w.String(d.Uri);
        w.Int((int)d.Flags);
        w.Int(d.Priority);
        WriteArray(w, d.Attributes.Pairs, static (w, pair) =>
        {
            w.String(pair.Key);
            w.String(pair.Value);
        });
        w.NullableString(d.Description);
        var l = d.Latency;
        w.Double(l.Average);
        w.Double(l.StandardDeviation);
        w.Double(l.Estimate);
        w.Int(l.Max);
        w.Int(l.Min);
        w.Long(l.Count);
        w.Long(l.Timeouts);
        w.Double(l.SumOfSquares);
    }

    private static Destination ReadDestination(WireReader r)
    {
        var uri = r.String();
        var flags = (DestinationFlags)r.Int();
        var priority = r.Int();
        var pairs = ReadArray(r, static r => new KeyValuePair<string, string>(r.String(), r.String()));
        var description = r.NullableString();
        var latency = new LatencyStats(r.Double(), r.Double(), r.Double(), r.Int(), r.Int(), r.Long(), r.Long())
        {
            SumOfSquares = r.Double(),
        };
        return new Destination(uri, flags, priority, DestinationAttributes.FromPairs(pairs), description) { Latency = latency };
    }

    private static ImmutableArray<T> ReadArray<T>(WireReader r, Func<WireReader, T> read)
    {
        var count = r.Count();
        var items = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read(r));
        }

        return items.MoveToImmutable();
    }
}
