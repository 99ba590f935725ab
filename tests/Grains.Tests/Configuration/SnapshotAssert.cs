using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Configuration;

/// <summary>Value equality of snapshots: <see cref="DestinationSet"/> is a class, so sets are compared by id and destinations element-wise.</summary>
internal static class SnapshotAssert
{
    public static void SameSets(DispatcherSnapshot expected, DispatcherSnapshot actual)
    {
        Assert.Equal(expected.Sets.Select(s => s.SetId), actual.Sets.Select(s => s.SetId));
        for (var i = 0; i < expected.Sets.Length; i++)
        {
            // ToArray: ImmutableArray's own Equals compares array references.
            Assert.Equal(expected.Sets[i].Destinations.ToArray(), actual.Sets[i].Destinations.ToArray());
        }
    }
}
