namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>The call-load grain's answer to a <see cref="Messages.CallReport"/>.</summary>
internal sealed record CallReportAck(bool Accepted)
{
    public static readonly CallReportAck True = new(true);
    public static readonly CallReportAck False = new(false);

    public static CallReportAck Of(bool accepted) => accepted ? True : False;
}
