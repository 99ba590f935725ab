using System.Net.Sockets;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>The outcome of a send, with the socket error behind a failure when there was one.</summary>
internal readonly record struct SipSendResult(SipSendStatus Status, SocketError SocketError = SocketError.Success)
{
    public static readonly SipSendResult Sent = new(SipSendStatus.Sent);

    public bool Succeeded => Status == SipSendStatus.Sent;

    public static SipSendResult FromSocketError(SocketError error) => new(error switch
    {
        SocketError.ConnectionRefused => SipSendStatus.ConnectionRefused,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown
            or SocketError.NetworkDown or SocketError.HostNotFound => SipSendStatus.Unreachable,
        SocketError.TimedOut => SipSendStatus.TimedOut,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
            or SocketError.NotConnected or SocketError.OperationAborted => SipSendStatus.ConnectionClosed,
        SocketError.MessageSize => SipSendStatus.MessageTooLarge,
        _ => SipSendStatus.Failed,
    }, error);
}
