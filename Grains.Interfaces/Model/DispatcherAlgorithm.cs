namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>The dispatcher algorithms with Kamailio's numbers (dispatch.c <c>DS_ALG_*</c>): the numbers are a public contract.</summary>
public enum DispatcherAlgorithm
{
    HashCallId = 0,
    HashFromUri = 1,
    HashToUri = 2,
    HashRequestUri = 3,
    RoundRobin = 4,
    HashAuthUsername = 5,
    Random = 6,
    HashValue = 7,
    Priority = 8,
    Weight = 9,
    CallLoad = 10,
    RelativeWeight = 11,
    Parallel = 12,
    Latency = 13,
    RoundRobinOrSerial = 14,
    PriorityWeight = 15,
    Overload = 64,
}
