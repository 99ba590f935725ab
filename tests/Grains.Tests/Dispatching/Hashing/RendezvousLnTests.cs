namespace OrleansLB.Grains.Dispatching.Hashing;

public class RendezvousLnTests
{
    [Fact]
    public void Ln_AcrossTheUnitInterval_WithinTenToTheMinusEightOfMathLog()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var x = (random.NextInt64(1L << 53) + 0.5) / (1L << 53);
            var expected = Math.Log(x);
            Assert.InRange(RendezvousHash.Ln(x) - expected, -1e-8 * Math.Abs(expected) - 1e-12, 1e-8 * Math.Abs(expected) + 1e-12);
        }
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.5, -0.6931471805599453)]
    [InlineData(0.25, -1.3862943611198906)]
    public void Ln_PowersOfTwo_Exact(double x, double expected) => Assert.Equal(expected, RendezvousHash.Ln(x), 12);
}
