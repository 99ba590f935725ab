namespace OrleansLB.Client.Sip.Transport;

internal enum SipFrameStatus
{
    /// <summary>No whole message yet; read more and call again with the same unconsumed bytes plus the new ones.</summary>
    NeedMoreData,

    /// <summary>A whole message is at <see cref="SipFrame.MessageOffset"/>.</summary>
    Message,

    /// <summary>A CRLFCRLF keep-alive ping between messages (RFC 5626 §3.5.1): answer with one CRLF.</summary>
    KeepAlivePing,

    /// <summary>The stream cannot be framed (<see cref="SipFrame.Error"/>): close the connection.</summary>
    Error,
}
