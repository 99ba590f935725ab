namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Counters of the transport layer for the metrics to come: per-transport message counters plus
/// the TCP connection ones. Plain Interlocked fields, read without locks.
/// </summary>
internal sealed class SipTransportStats
{
    private long _framingErrors;
    private long _openConnections;
    private long _connectionsAccepted;
    private long _connectionsOpened;
    private long _connectionsRejected;
    private long _connectionsTimedOut;
    private long _connectFailures;

    public SipTransportCounters Udp { get; } = new();

    public SipTransportCounters Tcp { get; } = new();

    /// <summary>Streams closed because they could not be framed (missing or bad Content-Length, headers too large).</summary>
    public long FramingErrors => Volatile.Read(ref _framingErrors);

    public long OpenConnections => Volatile.Read(ref _openConnections);

    public long ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>Connections this side opened to send.</summary>
    public long ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>Accepted connections closed at once because <see cref="SipTransportOptions.MaxTcpConnections"/> were open.</summary>
    public long ConnectionsRejected => Volatile.Read(ref _connectionsRejected);

    /// <summary>Connections closed for idleness or a send stuck past its timeout.</summary>
    public long ConnectionsTimedOut => Volatile.Read(ref _connectionsTimedOut);

    public long ConnectFailures => Volatile.Read(ref _connectFailures);

    public SipTransportCounters For(SipTransportKind transport) => transport == SipTransportKind.Udp ? Udp : Tcp;

    internal void FramingError() => Interlocked.Increment(ref _framingErrors);

    internal long ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);

    internal void Accepted() => Interlocked.Increment(ref _connectionsAccepted);

    internal void Opened() => Interlocked.Increment(ref _connectionsOpened);

    internal void Rejected() => Interlocked.Increment(ref _connectionsRejected);

    internal void TimedOut() => Interlocked.Increment(ref _connectionsTimedOut);

    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);
}
