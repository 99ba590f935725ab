using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansLB.Grains.Dispatching;

namespace OrleansLB.Silo.Admin;

public sealed class AdminAuthorizationTests
{
    private const string Token = "a-configured-token-of-some-length";

    private static readonly AdminAuthorization Filter = new(
        AdminToken.Create(new AdminOptions(Token, "unused", AdminOptions.DefaultMaxBodyBytes, SelectionOptions.Default)),
        NullLogger<AdminAuthorization>.Instance);

    [Theory]
    [InlineData("GET", "127.0.0.1", null, true)]
    [InlineData("GET", "::1", null, true)]
    [InlineData("GET", "192.0.2.7", null, false)]
    [InlineData("GET", "192.0.2.7", "Bearer " + Token, true)]
    [InlineData("POST", "127.0.0.1", null, false)]
    [InlineData("POST", "127.0.0.1", "Bearer " + Token, true)]
    [InlineData("POST", "127.0.0.1", "bearer " + Token, true)]
    [InlineData("POST", "127.0.0.1", "Bearer " + Token + "x", false)]
    [InlineData("POST", "127.0.0.1", "Basic " + Token, false)]
    [InlineData("DELETE", "127.0.0.1", "Bearer ", false)]
    [InlineData("PUT", "127.0.0.1", Token, false)]
    public async Task InvokeAsync_MethodAddressAndHeader_PassesOnlyWithTokenOrALoopbackRead(string method, string remote, string? authorization, bool passes)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        var result = await Filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult<object?>("passed"));

        if (passes)
        {
            Assert.Equal("passed", result);
        }
        else
        {
            var problem = Assert.IsType<ProblemHttpResult>(result);
            Assert.Equal(401, problem.StatusCode);
            Assert.StartsWith("Bearer realm=\"orleanslb-admin\"", http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }
}
