namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>The parser entry points the fuzzer drives.</summary>
internal enum FuzzTarget
{
    /// <summary>A whole message: SipParser (datagram and stream framing), the scanner filter, the 400 writer, every accessor and writer, and its start as an ICMP error quotes it (SipQuotedRequest).</summary>
    Message,

    /// <summary>A TCP byte stream of several messages and pings in random chunks: SipStreamFramer, then SipParser per frame.</summary>
    Stream,

    /// <summary>One header value: SipVia, SipNameAddr, SipUri, numbers, credentials, parameters, header names.</summary>
    HeaderValue,

    /// <summary>dispatcher.list text: DispatcherListReader, and DispatcherListWriter round trips.</summary>
    DispatcherList,

    /// <summary>Configuration values: the Routing, Sip (rate limit, scanners) and Proxy section readers.</summary>
    Configuration,
}
