namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>
/// The kinds of virtual grain; with a key they name one grain in the whole cluster. The numbers
/// go on the wire, so they are never reused.
/// </summary>
internal enum GrainType : byte
{
    /// <summary>Key: the set id. Answers <see cref="GetSetSnapshot"/>; publishes a <see cref="SetSnapshot"/> on every change.</summary>
    DestinationSet = 1,

    /// <summary>Key: the destination key (duid or URI). Takes <see cref="Messages.HealthReport"/>s; no reply.</summary>
    Destination = 2,

    /// <summary>Key: <see cref="GrainKeys.Calls"/>. Answers <see cref="SelectByCallLoad"/> and <see cref="Messages.CallReport"/>s (with a <see cref="CallReportAck"/>).</summary>
    CallLoad = 3,
}
