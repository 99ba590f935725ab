namespace OrleansLB.Grains.Health;

public sealed class ReplyCodeRulesTests
{
    [Theory]
    [InlineData(200, true)]
    [InlineData(202, true)]
    [InlineData(299, true)]
    [InlineData(100, false)]
    [InlineData(199, false)]
    [InlineData(300, false)]
    [InlineData(403, false)]
    [InlineData(408, false)]
    [InlineData(503, false)]
    [InlineData(0, false)]
    [InlineData(-200, false)]
    [InlineData(800, false)]
    public void IsAccepted_Default_OnlyAny2xx(int code, bool expected) =>
        Assert.Equal(expected, ReplyCodeRules.Default.IsAccepted(code));

    [Theory]
    [InlineData(200, true)]
    [InlineData(302, true)]
    [InlineData(399, true)]
    [InlineData(403, true)]
    [InlineData(404, false)]
    [InlineData(488, true)]
    [InlineData(503, false)]
    [InlineData(603, false)]
    public void IsAccepted_ClassAndCodes_AcceptsListedAnd2xx(int code, bool expected) =>
        Assert.Equal(expected, ReplyCodeRules.Parse("class=3;code=403;code=488").IsAccepted(code));

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData(" ; ", "")]
    [InlineData("class=2;code=403", "class=2;code=403")]
    [InlineData("code=488; CLASS=3;", "class=3;code=488")]
    [InlineData(" code = 403 ", "code=403")]
    [InlineData("code=699;code=100;class=6;class=1", "class=1;class=6;code=100;code=699")]
    public void TryParse_KamailioSyntax_Accepted(string? text, string canonical)
    {
        Assert.True(ReplyCodeRules.TryParse(text, out var rules, out var errors));
        Assert.Empty(errors);
        Assert.Equal(canonical, rules.ToString());
    }

    [Theory]
    [InlineData("code=99", "'code=99'")]
    [InlineData("code=700", "'code=700'")]
    [InlineData("code=abc", "'code=abc'")]
    [InlineData("code=", "'code='")]
    [InlineData("class=0", "'class=0'")]
    [InlineData("class=7", "'class=7'")]
    [InlineData("class=+2", "'class=+2'")]
    [InlineData("class=-1", "'class=-1'")]
    [InlineData("status=200", "unknown rule 'status'")]
    [InlineData("=3", "'=3'")]
    [InlineData("403", "'403': no '='")]
    [InlineData("code=403;class4", "write class=4")]
    [InlineData("code403", "write code=403")]
    public void TryParse_BadToken_ErrorNamesToken(string text, string expectedInError)
    {
        Assert.False(ReplyCodeRules.TryParse(text, out var rules, out var errors));
        var error = Assert.Single(errors);
        Assert.Contains(expectedInError, error, StringComparison.Ordinal);
        Assert.Same(ReplyCodeRules.Default, rules);
    }

    [Fact]
    public void TryParse_ShortFormSeenInConfigs_RejectsEveryToken()
    {
        Assert.False(ReplyCodeRules.TryParse("class2;class3", out _, out var errors));

        Assert.Collection(
            errors,
            e => Assert.Contains("'class2': Kamailio does not accept this short form", e, StringComparison.Ordinal),
            e => Assert.Contains("write class=3", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadTokens_ThrowsListingEach()
    {
        var error = Assert.Throws<FormatException>(() => ReplyCodeRules.Parse("code=999;class=2;foo"));

        Assert.Contains("'code=999'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'foo'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'class=2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_SameRulesWrittenDifferently_Equal()
    {
        var a = ReplyCodeRules.Parse("code=403;class=3");
        var b = ReplyCodeRules.Parse("CLASS=3; code=403");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ReplyCodeRules.Parse("class=3"));
    }
}
