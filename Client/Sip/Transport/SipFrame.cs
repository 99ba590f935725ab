namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// One step of <see cref="SipStreamFramer.Next"/>. <see cref="Consumed"/> bytes at the start of
/// the data are done with (skipped CRLFs, a ping, or the message); a message is the
/// <see cref="MessageLength"/> bytes at <see cref="MessageOffset"/>, which end where the consumed bytes end.
/// </summary>
internal readonly record struct SipFrame(SipFrameStatus Status, int Consumed, int MessageOffset = 0, int MessageLength = 0, SipFramingError Error = SipFramingError.None)
{
    public static SipFrame NeedMoreData(int consumed) => new(SipFrameStatus.NeedMoreData, consumed);

    public static SipFrame KeepAlivePing(int consumed) => new(SipFrameStatus.KeepAlivePing, consumed);

    public static SipFrame Message(int offset, int length) => new(SipFrameStatus.Message, offset + length, offset, length);

    public static SipFrame Failure(SipFramingError error) => new(SipFrameStatus.Error, 0, Error: error);
}
