namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipTimerOptionsTests
{
    [Fact]
    public void Default_IsValidWithRfcValues()
    {
        var options = SipTimerOptions.Default;

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(32), options.TransactionTimeout);
    }

    [Fact]
    public void Validate_T2BelowT1AndNegativeT4_NamesEachKey()
    {
        var errors = new SipTimerOptions { T1 = TimeSpan.FromSeconds(1), T2 = TimeSpan.FromMilliseconds(500), T4 = TimeSpan.FromSeconds(-1) }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:T2 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Sip:Timers:T4 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Layer_InvalidTimers_Throws()
        => Assert.Throws<ArgumentException>(() => new SipTransactionLayer(new SipTimerOptions { T1 = TimeSpan.Zero }));
}
