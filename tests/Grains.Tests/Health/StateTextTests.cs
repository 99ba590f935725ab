using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

public sealed class StateTextTests
{
    [Theory]
    [InlineData("a", DestinationFlags.None)]
    [InlineData("A", DestinationFlags.None)]
    [InlineData("i", DestinationFlags.Inactive)]
    [InlineData("I", DestinationFlags.Inactive)]
    [InlineData("d", DestinationFlags.Disabled)]
    [InlineData("t", DestinationFlags.Trying)]
    [InlineData("ap", DestinationFlags.Probing)]
    [InlineData("ip", DestinationFlags.Inactive | DestinationFlags.Probing)]
    [InlineData("IP", DestinationFlags.Inactive | DestinationFlags.Probing)]
    [InlineData("tP", DestinationFlags.Trying | DestinationFlags.Probing)]
    [InlineData(" ip ", DestinationFlags.Inactive | DestinationFlags.Probing)]
    [InlineData("0", DestinationFlags.Inactive)]
    [InlineData("0p", DestinationFlags.Inactive | DestinationFlags.Probing)]
    [InlineData("1", DestinationFlags.None)]
    [InlineData("2", DestinationFlags.Disabled)]
    [InlineData("3", DestinationFlags.Trying)]
    public void TryParse_KamailioState_Bits(string text, DestinationFlags expected)
    {
        Assert.True(StateText.TryParse(text, out var bits, out var error));
        Assert.Null(error);
        Assert.Equal(expected, bits);
    }

    [Theory]
    [InlineData(null, "use a, i, d or t")]
    [InlineData("", "use a, i, d or t")]
    [InlineData("   ", "use a, i, d or t")]
    [InlineData("inactive", "use a, i, d or t")]
    [InlineData("x", "starts with 'x'")]
    [InlineData("pi", "starts with 'p'")]
    [InlineData("4", "starts with '4'")]
    [InlineData("ii", "ends with 'i'")]
    [InlineData("ix", "ends with 'x'")]
    [InlineData("dp", "never probed")]
    public void TryParse_BadText_ClearError(string? text, string expectedInError)
    {
        Assert.False(StateText.TryParse(text, out var bits, out var error));
        Assert.Equal(DestinationFlags.None, bits);
        Assert.Contains(expectedInError, error, StringComparison.Ordinal);
    }
}
