using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansLB.Grains.Dispatching;

namespace OrleansLB.Silo.Admin;

public sealed class AdminRequestBodyTests
{
    private static readonly AdminRequestBody Reader = new(new AdminOptions("unused-token-0123456", "unused", 1024, SelectionOptions.Default));

    [Fact]
    public async Task ReadAsync_ValidObject_TheRequest()
    {
        var (value, problem) = await ReadAsync("""{"state":"ip","uri":"sip:10.0.0.13:5080"}""");

        Assert.Null(problem);
        Assert.Equal(new SetStateRequest("ip", "sip:10.0.0.13:5080"), value);
    }

    [Theory]
    [InlineData("""{"state":"a","Uri":"x"}""", "unknown-field", "Uri")]
    [InlineData("""{"state":"a","state":"d"}""", "duplicate-field", "state")]
    [InlineData("""{"state":1}""", "invalid-field", "state")]
    [InlineData("""{"all":"yes"}""", "invalid-field", "all")]
    [InlineData("""{"state":"a",}""", "malformed-json", null)]
    [InlineData("""{"state":"a"} // note""", "malformed-json", null)]
    [InlineData("""{"state":"a"}{}""", "malformed-json", null)]
    [InlineData("\"a\"", "malformed-json", null)]
    [InlineData("""{"state":"\ud800"}""", "invalid-field", "state")]
    public async Task ReadAsync_BadJson_ProblemWithTypeAndField(string json, string type, string? field)
    {
        var (value, result) = await ReadAsync(json);

        Assert.Null(value);
        var problem = Problem(result, 400);
        Assert.Equal("urn:orleanslb:problem:" + type, problem.Type);
        Assert.Equal(field, problem.Extensions.TryGetValue("field", out var f) ? f : null);
        Assert.DoesNotContain("OrleansLB.", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeeplyNested_MalformedNotAStackOverflow()
    {
        var json = """{"state":""" + new string('[', 500) + new string(']', 500) + "}";

        var (_, result) = await ReadAsync(json);

        Assert.Equal("urn:orleanslb:problem:invalid-field", Problem(result, 400).Type);
    }

    [Fact]
    public async Task ReadAsync_OverTheLimitWithOrWithoutLength_413()
    {
        var json = """{"state":"a","uri":"sip:""" + new string('a', 2000) + "\"}";

        var (_, declared) = await ReadAsync(json, declareLength: true);
        var (_, undeclared) = await ReadAsync(json, declareLength: false);

        Assert.Equal(1024, Problem(declared, 413).Extensions["limit"]);
        Assert.Equal("urn:orleanslb:problem:body-too-large", Problem(undeclared, 413).Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/jsonx")]
    public async Task ReadAsync_NotJsonContentType_415(string? contentType)
    {
        var (_, result) = await ReadAsync("{}", contentType: contentType);

        Assert.Equal("Content-Type", Problem(result, 415).Extensions["field"]);
    }

    private static async Task<(SetStateRequest? Value, IResult? Problem)> ReadAsync(string json, bool declareLength = true, string? contentType = "application/json; charset=utf-8")
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentType = contentType;
        http.Request.ContentLength = declareLength ? bytes.Length : null;
        return await Reader.ReadAsync(http.Request, AdminJsonContext.Default.SetStateRequest, CancellationToken.None);
    }

    private static ProblemDetails Problem(IResult? result, int status)
    {
        var problem = Assert.IsType<ProblemHttpResult>(result).ProblemDetails;
        Assert.Equal(status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        return problem;
    }
}
