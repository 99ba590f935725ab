using Microsoft.AspNetCore.Http;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Fills in the problems ASP.NET writes itself (no such route, wrong method, a body too large or
/// of the wrong type, an exception) in the admin API's style: its own <c>type</c> and a
/// <c>detail</c> that says what to do, never the exception's text or stack.
/// </summary>
internal static class FrameworkProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound when problem.Type?.StartsWith("urn:", StringComparison.Ordinal) != true:
                problem.Type = "urn:orleanslb:problem:no-such-route";
                problem.Detail = $"There is no route {http.Request.Method} {AdminProblems.Cut(http.Request.Path.ToString())}; the admin routes are listed in {AdminApi.OpenApiPath}.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Type = "urn:orleanslb:problem:method-not-allowed";
                problem.Detail = $"{http.Request.Method} is not allowed here; use {http.Response.Headers.Allow}.";
                problem.Extensions["field"] = "method";
                problem.Extensions["value"] = http.Request.Method;
                break;
            case StatusCodes.Status415UnsupportedMediaType when problem.Type?.StartsWith("urn:", StringComparison.Ordinal) != true:
                problem.Type = "urn:orleanslb:problem:unsupported-media-type";
                problem.Detail = "Send the body as application/json.";
                problem.Extensions["field"] = "Content-Type";
                problem.Extensions["value"] = AdminProblems.Cut(http.Request.ContentType ?? "(none)");
                break;
            case StatusCodes.Status413PayloadTooLarge when problem.Type?.StartsWith("urn:", StringComparison.Ordinal) != true:
                problem.Type = "urn:orleanslb:problem:body-too-large";
                problem.Detail = "The request body is larger than the silo accepts.";
                break;
            case StatusCodes.Status500InternalServerError:
                problem.Type = "urn:orleanslb:problem:internal-error";
                problem.Detail = "The silo failed to handle the request; its log has the details.";
                break;
        }
    }
}
