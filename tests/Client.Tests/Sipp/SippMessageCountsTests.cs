namespace OrleansLB.Client.Sipp;

public sealed class SippMessageCountsTests
{
    // Shortened from a real sipp 3.6.1 -trace_counts file of uas_answer.xml.
    private const string File =
        "CurrentTime;ElapsedTime;0_OPTIONS_Recv;0_OPTIONS_Retrans;1_INVITE_Recv;1_INVITE_Unexp;2_180_Sent;3_200_Sent;5_INVITE_Recv;6_BYE_Recv;6_BYE_Unexp;7_200_Sent;\n"
        + "2026-11-22\t13:46:22.704714\t1795355182.704714;00:00:01:900000;2;1;3;1;3;3;2;3;4;2;\n";

    [Fact]
    public void Received_Method_SumsEveryScenarioElement() =>
        Assert.Equal(5, SippMessageCounts.Parse(File).Received("INVITE"));

    [Fact]
    public void Sent_ResponseCode_SumsEveryScenarioElement() =>
        Assert.Equal(5, SippMessageCounts.Parse(File).Sent("200"));

    [Fact]
    public void Received_IgnoresRetransmissionsAndOtherEvents()
    {
        var counts = SippMessageCounts.Parse(File);

        Assert.Equal(2, counts.Received("OPTIONS"));
        Assert.Equal(5, counts.Unexpected);
        Assert.Equal(0, counts.Received("CANCEL"));
    }
}
