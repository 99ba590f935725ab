using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansLB.Silo.Admin;

/// <summary>Turns a grain tier that is not there yet, or does not answer, into a 503 problem instead of a 500.</summary>
internal sealed class GrainTierFailures(ILogger<GrainTierFailures> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (GrainTierUnavailableException e)
        {
            AdminLog.GrainTierUnavailable(logger, context.HttpContext.Request.Method, context.HttpContext.Request.Path, e);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return AdminProblems.Unavailable(e.Message);
        }
    }
}
