using System.Diagnostics.Metrics;

namespace OrleansLB.Client.Security;

/// <summary>
/// The edge's instruments for hostile traffic, in the <c>OrleansLB.Edge</c> meter (exposed as
/// <c>orleanslb_sip_rate_limited_total</c>). Made from the host's <see cref="IMeterFactory"/> when
/// there is one, so tests and several edges in one process keep their counts apart.
/// </summary>
internal sealed class SipSecurityMetrics : IDisposable
{
    public const string MeterName = "OrleansLB.Edge";
    public const string RateLimitedName = "orleanslb.sip.rate_limited";

    private readonly Meter _meter;
    private readonly Counter<long> _rateLimited;
    private readonly bool _ownsMeter;

    public SipSecurityMetrics(IMeterFactory? factory = null)
    {
        // The factory's meter is shared with the edge's other instruments and disposed by the factory.
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _rateLimited = _meter.CreateCounter<long>(RateLimitedName, "{message}",
            "Messages refused by per-source rate limiting, answered with 503 or dropped");
    }

    public Meter Meter => _meter;

    public void RateLimited() => _rateLimited.Add(1);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
