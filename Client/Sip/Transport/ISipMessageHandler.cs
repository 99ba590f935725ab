namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Receives every framed message. Called on the receive loop that read it: one loop per UDP socket
/// and one per TCP connection, so calls for one socket or connection come in order, one at a time,
/// while different ones run in parallel. Implementations must be thread-safe, must not block, and
/// should hand slow work elsewhere; an exception is counted and the loop goes on.
/// </summary>
internal interface ISipMessageHandler
{
    void OnMessage(in ReceivedMessage message);
}
