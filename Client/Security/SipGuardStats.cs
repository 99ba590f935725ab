namespace OrleansLB.Client.Security;

/// <summary>What the ingress guard refused, by reason and answer; thread-safe counters.</summary>
internal sealed class SipGuardStats
{
    private long _rateLimitReplied;
    private long _rateLimitDropped;
    private long _scannerRejected;
    private long _scannerDropped;

    /// <summary>Messages over a source's rate answered with 503.</summary>
    public long RateLimitReplied => Interlocked.Read(ref _rateLimitReplied);

    /// <summary>Messages over a source's rate dropped unread.</summary>
    public long RateLimitDropped => Interlocked.Read(ref _rateLimitDropped);

    /// <summary>Scanners' requests answered with 403.</summary>
    public long ScannerRejected => Interlocked.Read(ref _scannerRejected);

    /// <summary>Scanners' requests dropped.</summary>
    public long ScannerDropped => Interlocked.Read(ref _scannerDropped);

    public long RateLimited => RateLimitReplied + RateLimitDropped;

    internal void CountRateLimit(bool replied) => Interlocked.Increment(ref replied ? ref _rateLimitReplied : ref _rateLimitDropped);

    internal void CountScanner(bool rejected) => Interlocked.Increment(ref rejected ? ref _scannerRejected : ref _scannerDropped);

    public override string ToString()
        => $"rate-limited: {RateLimitReplied} answered 503, {RateLimitDropped} dropped; scanners: {ScannerRejected} answered 403, {ScannerDropped} dropped";
}
