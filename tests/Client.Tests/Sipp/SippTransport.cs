namespace OrleansLB.Client.Sipp;

/// <summary>The sipp transport modes the edge tests use (sipp -t).</summary>
internal enum SippTransport
{
    /// <summary>UDP, one socket for every call (-t u1).</summary>
    Udp,

    /// <summary>TCP, one connection for every call (-t t1).</summary>
    Tcp,

    /// <summary>TCP, one connection per call (-t tn).</summary>
    TcpPerCall,
}
