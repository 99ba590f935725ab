namespace OrleansLB.Grains.Interfaces.Model;

public class DestinationSetTests
{
    private static Destination D(string uri, int priority) => new(uri, DestinationFlags.None, priority, DestinationAttributes.Empty);

    [Fact]
    public void Create_KamailioOrder_PriorityDescendingAndEqualOnesReversed()
    {
        var set = DestinationSet.Create(1, [D("sip:a", 0), D("sip:b", 5), D("sip:c", 0), D("sip:d", 5)]);

        Assert.Equal(["sip:d", "sip:b", "sip:c", "sip:a"], set.Destinations.Select(d => d.Uri));
    }

    [Fact]
    public void InWrittenOrder_UndoesCreateForAscendingFiles()
    {
        Destination[] written = [D("sip:a", 0), D("sip:c", 0), D("sip:b", 5), D("sip:d", 5)];

        Assert.Equal(written, DestinationSet.Create(1, written).InWrittenOrder());
    }

    [Fact]
    public void With_PriorityChange_Resorts()
    {
        var set = DestinationSet.Create(1, [D("sip:a", 1), D("sip:b", 2)]);

        var changed = set.With(set.IndexOf("sip:a"), D("sip:a", 3));

        Assert.Equal(["sip:a", "sip:b"], changed.Destinations.Select(d => d.Uri));
        Assert.Equal(["sip:b", "sip:a"], set.Destinations.Select(d => d.Uri));
    }

    [Fact]
    public void IndexOf_ByDuidOrUri()
    {
        DestinationAttributes.TryParse("duid=ast1", out var attrs, out _);
        var set = DestinationSet.Create(1, [D("sip:a", 0), new Destination("sip:b", DestinationFlags.None, 0, attrs)]);

        Assert.Equal(set.IndexOf("sip:b"), set.IndexOf("ast1"));
        Assert.Equal(-1, set.IndexOf("nope"));
    }

    [Theory]
    [InlineData("127.0.0.1:5060", "sip:127.0.0.1:5060")]
    [InlineData("sip:a@b", "sip:a@b")]
    [InlineData(" sips:b ", "sips:b")]
    public void NormalizeUri_AddsSipWhenMissing(string uri, string expected) =>
        Assert.Equal(expected, Destination.NormalizeUri(uri));
}
