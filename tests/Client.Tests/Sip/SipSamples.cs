using System.Text;

namespace OrleansLB.Client.Sip;

/// <summary>Messages from RFC 3261 §24.2 (the atlanta/biloxi call flow), and a helper to build others.</summary>
internal static class SipSamples
{
    public const string InviteSdp =
        "v=0\r\no=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com\r\ns=-\r\nc=IN IP4 192.0.2.101\r\n"
        + "t=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public static readonly string Invite = Build(
        """
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9
        Max-Forwards: 70
        From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
        To: Bob <sip:bob@biloxi.example.com>
        Call-ID: 3848276298220188511@atlanta.example.com
        CSeq: 1 INVITE
        Contact: <sip:alice@client.atlanta.example.com;transport=tcp>
        Content-Type: application/sdp
        """,
        InviteSdp);

    public static readonly string Ok = Build(
        """
        SIP/2.0 200 OK
        Via: SIP/2.0/TCP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1;received=192.0.2.111
        Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101
        Record-Route: <sip:ss1.atlanta.example.com;lr>
        From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
        To: Bob <sip:bob@biloxi.example.com>;tag=314159
        Call-ID: 3848276298220188511@atlanta.example.com
        CSeq: 1 INVITE
        Contact: <sip:bob@client.biloxi.example.com>
        Content-Type: application/sdp
        """,
        "v=0\r\no=bob 2890844527 2890844527 IN IP4 client.biloxi.example.com\r\ns=-\r\nc=IN IP4 192.0.2.201\r\n"
        + "t=0 0\r\nm=audio 3456 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");

    /// <summary>Start line and headers (one per line, any line ending), then Content-Length and the body, with CRLF.</summary>
    public static string Build(string head, string body = "")
        => string.Join("\r\n", head.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
           + $"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    /// <summary>Start line and headers exactly as given, then an empty line: for messages without Content-Length.</summary>
    public static string Raw(string head)
        => string.Join("\r\n", head.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')) + "\r\n\r\n";

    public static byte[] Bytes(string message) => Encoding.UTF8.GetBytes(message);
}
