namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipTimerOptionsTests
{
    [Fact]
    public void Default_IsValidWithRfcValues()
    {
        var options = SipTimerOptions.Default;

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(32), options.TransactionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(32), options.LingerTime);
    }

    [Fact]
    public void Validate_T2BelowT1AndNegativeT4_NamesEachKey()
    {
        var errors = new SipTimerOptions { T1 = TimeSpan.FromSeconds(1), T2 = TimeSpan.FromMilliseconds(500), T4 = TimeSpan.FromSeconds(-1) }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:T2 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:T4 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(999, false)]
    [InlineData(1_000, true)]
    [InlineData(32_000, true)]
    [InlineData(32_001, false)]
    public void Validate_Linger_BetweenOneSecondAnd64T1(int milliseconds, bool valid)
    {
        var errors = new SipTimerOptions { Linger = TimeSpan.FromMilliseconds(milliseconds) }.Validate();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("Sip:Timers:Linger ", e));
    }

    [Fact]
    public void Layer_InvalidTimers_Throws()
        => Assert.Throws<ArgumentException>(() => new SipTransactionLayer(new SipTimerOptions { T1 = TimeSpan.Zero }));
}
