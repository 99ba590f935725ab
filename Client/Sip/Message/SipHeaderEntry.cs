namespace OrleansLB.Client.Sip.Message;

/// <summary>Where one header line sits in the buffer: the whole line (with its CRLF and folding), the name and the trimmed value.</summary>
internal struct SipHeaderEntry
{
    public SipHeaderId Id;
    public int LineStart;
    public int NameLength;
    public int ValueStart;
    public int ValueLength;
    public int LineEnd;
}
