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

    /// <summary>The current round-robin position; pass it back to <see cref="RoundRobinChosen"/>.</summary>
    public int RoundRobinPosition => Volatile.Read(ref _last);

    /// <summary>
    /// Records the chosen index so the next pick starts after it. Kamailio sets <c>last</c> to
    /// the chosen index + 1, which gives a dead destination's turn to its successor once, not twice.
    /// </summary>
    public void RoundRobinChosen(int observedPosition, int chosen, int count)
    {
        var next = (chosen + 1) % count;
        if (Interlocked.CompareExchange(ref _last, next, observedPosition) != observedPosition)
        {
            // Another thread moved it first: step on from wherever it is now, so concurrent picks still rotate.
            Interlocked.Increment(ref _last);
        }
    }
}
