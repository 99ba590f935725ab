namespace OrleansLB.Client.Routing;

public sealed class ResponseCodeSetTests
{
    [Theory]
    [InlineData(299, false)]
    [InlineData(300, false)]
    [InlineData(408, true)]
    [InlineData(500, true)]
    [InlineData(502, false)]
    [InlineData(503, true)]
    [InlineData(700, false)]
    [InlineData(-1, false)]
    public void DefaultFailover_408And500And503(int code, bool expected)
    {
        Assert.Equal(expected, ResponseCodeSet.DefaultFailover.Contains(code));
    }

    [Theory]
    [InlineData(new[] { "3xx" }, 300, 399, 400, "3xx")]
    [InlineData(new[] { "6XX", "408" }, 600, 699, 599, "408,6xx")]
    [InlineData(new[] { " 503 ", "503" }, 503, 503, 502, "503")]
    [InlineData(new[] { "300", "699" }, 300, 699, 301, "300,699")]
    public void TryParse_CodesAndClasses_ContainsThemAndPrintsCompactly(string[] items, int first, int last, int outside, string text)
    {
        Assert.True(ResponseCodeSet.TryParse(items, out var set, out var problems), string.Join(" ", problems));

        Assert.True(set.Contains(first));
        Assert.True(set.Contains(last));
        Assert.False(set.Contains(outside));
        Assert.Equal(text, set.ToString());
    }

    [Fact]
    public void TryParse_BadItems_EachNamedByIndex()
    {
        Assert.False(ResponseCodeSet.TryParse(["503", "2xx", "", "50x", "1000"], out _, out var problems));

        Assert.Equal([1, 2, 3, 4], problems.Select(p => p.Index));
        Assert.StartsWith("'2xx' is not a failover code; give a final response code from 300 to 699", problems[0].Problem);
    }

    [Fact]
    public void Of_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseCodeSet.Of(200));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseCodeSet.Of(700));
    }

    [Fact]
    public void Equals_SameCodes_EqualWhateverTheSpelling()
    {
        Assert.True(ResponseCodeSet.TryParse(["408", "500", "503"], out var parsed, out _));

        Assert.Equal(ResponseCodeSet.DefaultFailover, parsed);
        Assert.Equal(ResponseCodeSet.DefaultFailover.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(ResponseCodeSet.Of(500), parsed);
    }
}
