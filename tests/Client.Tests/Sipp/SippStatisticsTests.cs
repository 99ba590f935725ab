namespace OrleansLB.Client.Sipp;

public sealed class SippStatisticsTests
{
    // Shortened from a real sipp 3.6.1 -trace_stat file: a header row and two data rows.
    private const string File =
        "StartTime;CurrentTime;TotalCallCreated;CurrentCall;SuccessfulCall(P);SuccessfulCall(C);FailedCall(P);FailedCall(C);Retransmissions(C);ResponseTime1(C);CallLength(C);\n"
        + "2026-11-22\t13:42:48.145247\t1795354968.145247;2026-11-22\t13:42:48.145656\t1795354968.145656;0;0;0;0;0;0;0;00:00:00:000000;00:00:00:000000;\n"
        + "2026-11-22\t13:42:48.145247\t1795354968.145247;2026-11-22\t13:42:50.257055\t1795354970.257055;20;1;4;19;0;2;3;00:00:00:012000;00:00:01:105000;\n";

    [Fact]
    public void Parse_RealFile_ReadsTheLastRow()
    {
        var statistics = SippStatistics.Parse(File);

        Assert.Equal(20, statistics.TotalCalls);
        Assert.Equal(1, statistics.CurrentCalls);
        Assert.Equal(19, statistics.SuccessfulCalls);
        Assert.Equal(2, statistics.FailedCalls);
        Assert.Equal(3, statistics.Retransmissions);
        Assert.Equal(TimeSpan.FromMilliseconds(12), statistics.ResponseTime);
        Assert.Equal(TimeSpan.FromMilliseconds(1105), statistics.CallLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("TotalCallCreated;\n")]
    public void Parse_NoDataRow_Empty(string text) =>
        Assert.Equal(0, SippStatistics.Parse(text).TotalCalls);
}
