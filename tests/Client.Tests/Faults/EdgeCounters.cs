using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansLB.Client.Faults;

/// <summary>
/// The selections and failovers of one edge, per destination, read from its own instruments
/// (only those of its meter factory, so edges of tests running alongside do not count).
/// </summary>
internal sealed class EdgeCounters : IDisposable
{
    private const string Selections = "orleanslb.destination.selections";
    private const string Failovers = "orleanslb.destination.failovers";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Duid), long> _values = new();

    public EdgeCounters(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name is Selections or Failovers)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var duid = string.Empty;
            foreach (var tag in tags)
            {
                if (tag.Key == "duid")
                {
                    duid = tag.Value as string ?? string.Empty;
                }
            }

            _values.AddOrUpdate((instrument.Name, duid), value, (_, old) => old + value);
        });
        _listener.Start();
    }

    /// <summary>Requests dispatched (first choice), to <paramref name="duid"/> or to any destination.</summary>
    public long SelectionsOf(string? duid = null) => Sum(Selections, duid);

    /// <summary>Requests moved on from <paramref name="duid"/> to the next destination.</summary>
    public long FailoversFrom(string duid) => Sum(Failovers, duid);

    public void Dispose() => _listener.Dispose();

    private long Sum(string instrument, string? duid)
        => _values.Where(v => v.Key.Instrument == instrument && (duid is null || v.Key.Duid == duid)).Sum(v => v.Value);
}
