namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>The answer to an <see cref="AdminCommand"/>.</summary>
/// <param name="Error">Why nothing changed (unknown set or destination, bad state text, store failure); null on success.</param>
/// <param name="Matched">How many destinations the command touched (for a reload: how many the sets now hold).</param>
internal sealed record AdminResult(bool Succeeded, string? Error, int Matched)
{
    public static AdminResult Ok(int matched) => new(true, null, matched);

    public static AdminResult Failed(string error) => new(false, error, 0);
}
