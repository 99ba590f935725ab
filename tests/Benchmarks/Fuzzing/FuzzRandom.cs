namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64). Every input gets its
/// own state from (run seed, input index), so any one input can be made again alone.
/// </summary>
internal sealed class FuzzRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public FuzzRandom(ulong seed, ulong index = 0) => Reset(seed, index);

    public void Reset(ulong seed, ulong index)
    {
        var x = (seed * 0x9E3779B97F4A7C15UL) ^ (index + 0x632BE59BD9B4E019UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number from 0 to <paramref name="max"/> - 1; 0 when <paramref name="max"/> is 0 or less.</summary>
    public int Next(int max) => max <= 0 ? 0 : (int)(((NextUInt64() >> 32) * (ulong)max) >> 32);

    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>True with probability <paramref name="percent"/> in 100.</summary>
    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(ReadOnlySpan<T> items) => items[Next(items.Length)];

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
