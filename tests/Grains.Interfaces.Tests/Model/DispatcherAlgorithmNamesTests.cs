namespace OrleansLB.Grains.Interfaces.Model;

public class DispatcherAlgorithmNamesTests
{
    [Theory]
    [InlineData("4", DispatcherAlgorithm.RoundRobin)]
    [InlineData("round-robin", DispatcherAlgorithm.RoundRobin)]
    [InlineData("RoundRobin", DispatcherAlgorithm.RoundRobin)]
    [InlineData("DS_ALG_ROUNDROBIN", DispatcherAlgorithm.RoundRobin)]
    [InlineData("10", DispatcherAlgorithm.CallLoad)]
    [InlineData("call-load", DispatcherAlgorithm.CallLoad)]
    [InlineData("64", DispatcherAlgorithm.Overload)]
    [InlineData(" 3 ", DispatcherAlgorithm.HashRequestUri)]
    public void TryParse_NumberNameOrConstant(string text, DispatcherAlgorithm expected)
    {
        Assert.True(DispatcherAlgorithmNames.TryParse(text, out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData("16")]
    [InlineData("-1")]
    [InlineData("weighted-round-robin")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Unknown_False(string? text) => Assert.False(DispatcherAlgorithmNames.TryParse(text, out _));

    [Fact]
    public void All_EveryEnumValueHasOneName()
    {
        Assert.Equal(Enum.GetValues<DispatcherAlgorithm>().Order(), DispatcherAlgorithmNames.All.Select(a => a.Algorithm));
        Assert.All(DispatcherAlgorithmNames.All, a => Assert.Equal(a.Name, DispatcherAlgorithmNames.NameOf(a.Algorithm)));
    }
}
