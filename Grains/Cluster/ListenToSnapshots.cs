namespace OrleansLB.Grains.Cluster;

/// <summary>Asks the <see cref="SnapshotHub"/> (in the same process) to hand every snapshot it holds and receives to <paramref name="Apply"/>; answered with <see cref="Akka.Done"/>.</summary>
internal sealed record ListenToSnapshots(Action<Interfaces.Cluster.SetSnapshot> Apply);
