namespace OrleansLB.Grains.Dispatching;

/// <summary>
/// The mutable part of selection for one destination set: its round-robin position (Kamailio's
/// per-set <c>last</c>) and the random source. Keep one per set; it is safe to share between threads.
/// Randomness is injected so tests can repeat a run.
/// </summary>
public sealed class SelectionContext(SelectionOptions options, Random random)
{
    private int _last;

    public SelectionContext()
        : this(SelectionOptions.Default, Random.Shared)
    {
    }

    public SelectionOptions Options { get; } = options;

    public Random Random { get; } = random;

    /// <summary>The index a round-robin pick starts probing from.</summary>
    public int RoundRobinStart(int count) => count == 0 ? 0 : (int)((uint)Volatile.Read(ref _last) % (uint)count);

    /// <summary>
    /// Records the chosen index so the next pick starts after it. Kamailio sets <c>last</c> to
    /// the chosen index + 1, which gives a dead destination's turn to its successor once, not twice.
    /// </summary>
    public void RoundRobinChosen(int start, int chosen, int count)
    {
        var next = (chosen + 1) % count;
        // Only the caller that started from the current position moves it, as Kamailio's vlast check does.
        Interlocked.CompareExchange(ref _last, next, start);
    }
}
