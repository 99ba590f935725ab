namespace OrleansLB.Client;

public sealed class AllocationsTests
{
    [Fact]
    public void AssertNonePerCall_OneObjectPerCall_Fails()
    {
        object? kept = null;

        Assert.ThrowsAny<Exception>(() => Allocations.AssertNonePerCall(100, () =>
        {
            for (var i = 0; i < 100; i++)
            {
                kept = new object();
            }
        }));
        Assert.NotNull(kept);
    }

    [Fact]
    public void AssertNonePerCall_NothingAllocated_Passes()
    {
        var sum = 0;

        Allocations.AssertNonePerCall(100, () =>
        {
            for (var i = 0; i < 100; i++)
            {
                sum += i;
            }
        });

        Assert.Equal(12 * 4950, sum);
    }
}
