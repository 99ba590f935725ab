using System.Text;

namespace OrleansLB.Client.Observability.Prometheus;

public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1e21, "1e+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatDouble_AnyValue_IsWhatGoParseFloatReads(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.FormatDouble(value));

    [Fact]
    public void AppendLabelValue_BackslashQuoteNewline_AreEscaped()
    {
        var text = new StringBuilder();

        PrometheusText.AppendLabelValue(text, "a\\b\"c\nd");

        Assert.Equal(@"a\\b\""c\nd", text.ToString());
    }

    [Fact]
    public void AppendHelp_BackslashAndNewline_AreEscapedButQuotesAreNot()
    {
        var text = new StringBuilder();

        PrometheusText.AppendHelp(text, "say \"hi\"\\\nbye");

        Assert.Equal(@"say ""hi""\\\nbye", text.ToString());
    }

    [Fact]
    public void Labels_UnsortedTagsWithCollidingNames_AreSortedAndJoined()
    {
        KeyValuePair<string, object?>[] tags = [new("z", "1"), new("a.b", "x"), new("a_b", "y"), new("n", 42), new("skip", null)];

        var labels = PrometheusText.Labels(tags);

        Assert.Equal("a_b=\"x;y\",n=\"42\",z=\"1\"", labels);
    }
}
