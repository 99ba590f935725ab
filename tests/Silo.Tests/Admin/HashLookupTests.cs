using System.Text;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

public sealed class HashLookupTests
{
    private static readonly DestinationSet Set = DestinationSet.Create(1,
    [
        new Destination("sip:10.0.0.11:5080", DestinationFlags.None, 0, Attributes("duid=ast1")),
        new Destination("sip:10.0.0.12:5080", DestinationFlags.None, 0, Attributes("duid=ast2")),
        new Destination("sip:10.0.0.13:5080", DestinationFlags.None, 0, Attributes("duid=ast3")),
    ]);

    [Theory]
    [InlineData(HashPlacement.Stable)]
    [InlineData(HashPlacement.KamailioCompatible)]
    public void Compute_CallId_SameAsTheEdgesPolicy(HashPlacement placement)
    {
        var options = new SelectionOptions { HashPlacement = placement };
        var order = new int[3];
        var count = SelectionPolicies.For(DispatcherAlgorithm.HashCallId).Select(Set, new SelectionRequest { CallId = Encoding.UTF8.GetBytes("abc@host") }, new SelectionContext(options, new Random(1)), order);

        var result = HashLookup.Compute(Set, "abc@host", options, 0).Algorithms.Single();

        Assert.Equal(3, count);
        Assert.Equal(Set[order[0]].Uri, result.Destination!.Uri);
        Assert.Equal(order[1..].Select(i => Set[i].Uri), result.Failover.Select(f => f.Uri));
        Assert.Equal(placement.ToString(), HashLookup.Compute(Set, "abc@host", options, null).Placement);
    }

    [Fact]
    public void Compute_UriWithoutScheme_HashedAsTheSipUri()
    {
        var bare = HashLookup.Compute(Set, "alice@example.com", SelectionOptions.Default, 1).Algorithms.Single();
        var full = HashLookup.Compute(Set, "sip:alice@example.com", SelectionOptions.Default, 1).Algorithms.Single();

        Assert.NotNull(full.Destination);
        Assert.Equal(full.Destination, bare.Destination);
    }

    [Fact]
    public void Compute_EveryDestinationDisabled_NoDestinationAndWhy()
    {
        var down = DestinationSet.Create(1, Set.InWrittenOrder().Select(d => d with { Flags = DestinationFlags.Disabled }));

        var results = HashLookup.Compute(down, "abc", SelectionOptions.Default, null).Algorithms;

        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Null(r.Destination));
        Assert.All(results, r => Assert.False(string.IsNullOrEmpty(r.Note)));
    }

    [Fact]
    public void Compute_ChosenDestinationDisabled_KeyMovesAndOthersStay()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"call-{i}").ToList();
        var before = keys.ToDictionary(k => k, k => HashLookup.Compute(Set, k, SelectionOptions.Default, 0).Algorithms[0].Destination!.Duid);
        var without2 = DestinationSet.Create(1, Set.InWrittenOrder().Select(d => d.Key == "ast2" ? d with { Flags = DestinationFlags.Disabled } : d));

        var after = keys.ToDictionary(k => k, k => HashLookup.Compute(without2, k, SelectionOptions.Default, 0).Algorithms[0].Destination!.Duid);

        Assert.All(keys, k => Assert.NotEqual("ast2", after[k]));
        Assert.All(keys.Where(k => before[k] != "ast2"), k => Assert.Equal(before[k], after[k]));
        Assert.Contains(keys, k => before[k] == "ast2");
    }

    private static DestinationAttributes Attributes(string text) =>
        DestinationAttributes.TryParse(text, out var attributes, out _) ? attributes : throw new ArgumentException(text);
}
