using System.Text;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>Small but realistic SIP messages for transport tests (the transport reads only their framing).</summary>
internal static class SipTestMessages
{
    public static string Request(int number, string body = "", string contentLengthName = "Content-Length") =>
        $"OPTIONS sip:edge@example.com SIP/2.0\r\n" +
        $"Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-{number}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:probe@example.com>;tag=1928301774\r\n" +
        "To: <sip:edge@example.com>\r\n" +
        $"Call-ID: call-{number}@192.0.2.10\r\n" +
        $"CSeq: {number} OPTIONS\r\n" +
        (body.Length > 0 ? "Content-Type: text/plain\r\n" : "") +
        $"{contentLengthName}: {Encoding.UTF8.GetByteCount(body)}\r\n" +
        "\r\n" +
        body;

    public static byte[] Bytes(string message) => Encoding.UTF8.GetBytes(message);
}
