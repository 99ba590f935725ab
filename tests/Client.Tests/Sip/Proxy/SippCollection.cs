namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// Tests that run sipp processes against real sockets: alone, so CPU-bound tests beside them
/// cannot delay the proxy's receive loop past the timers the calls depend on.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SippCollection
{
    public const string Name = "sipp";
}
