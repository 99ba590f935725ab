namespace OrleansLB.Grains.Interfaces.Model;

public class DestinationFlagsExtensionsTests
{
    [Theory]
    [InlineData(DestinationFlags.None, "AX")]
    [InlineData(DestinationFlags.Probing, "AP")]
    [InlineData(DestinationFlags.Inactive | DestinationFlags.Probing, "IP")]
    [InlineData(DestinationFlags.Disabled, "DX")]
    [InlineData(DestinationFlags.Trying | DestinationFlags.Probing, "TP")]
    [InlineData(DestinationFlags.NoPing, "AN")]
    [InlineData(DestinationFlags.Disabled | DestinationFlags.NoPing, "DN")]
    [InlineData(DestinationFlags.Inactive | DestinationFlags.Disabled, "IX")] // Kamailio checks I before D
    [InlineData(DestinationFlags.Probing | DestinationFlags.NoPing, "AP")] // and P before N
    public void ToKamailioLetters_MatchesKamcmd(DestinationFlags flags, string expected) =>
        Assert.Equal(expected, flags.ToKamailioLetters());

    [Theory]
    [InlineData(DestinationFlags.None, false)]
    [InlineData(DestinationFlags.Trying, false)]
    [InlineData(DestinationFlags.Probing, false)]
    [InlineData(DestinationFlags.Inactive, true)]
    [InlineData(DestinationFlags.Disabled, true)]
    public void IsSkipped_OnlyInactiveOrDisabled(DestinationFlags flags, bool skipped) =>
        Assert.Equal(skipped, flags.IsSkipped());
}
