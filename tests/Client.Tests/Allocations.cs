namespace OrleansLB.Client;

/// <summary>
/// Asserts that a hot path allocates nothing per call. The runtime itself may allocate now and then
/// on the test's thread (tiering a method up, on-stack replacement), so one exact count after one
/// warm-up is flaky: this measures eleven rounds after a warm-up one and requires the median round
/// to allocate nothing and no round to reach one small object per call.
/// </summary>
internal static class Allocations
{
    private const int Rounds = 11;
    private const int SmallestObject = 24;

    public static void AssertNonePerCall(int callsPerRound, Action round)
    {
        round();
        var allocated = new long[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var sorted = allocated.Order().ToArray();
        Assert.True(
            sorted[Rounds / 2] == 0 && sorted[^1] < (long)callsPerRound * SmallestObject,
            $"bytes allocated per round of {callsPerRound} calls: {string.Join(", ", allocated)}");
    }
}
