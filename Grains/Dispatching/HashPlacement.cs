namespace OrleansLB.Grains.Dispatching;

/// <summary>How the hash algorithms (0, 1, 2, 3, 5, 7) map a key to a destination.</summary>
public enum HashPlacement
{
    /// <summary>
    /// Weighted rendezvous hashing: a key keeps its destination while that destination is up, and
    /// when one goes down only its own keys move, spread over the others by weight.
    /// </summary>
    Stable = 0,

    /// <summary>
    /// Kamailio's placement: its hash modulo the set size, then the next active index
    /// (so a dead destination's whole share lands on its neighbour, kamailio#2361).
    /// </summary>
    KamailioCompatible = 1,
}
