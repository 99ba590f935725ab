using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Every change needs <c>Authorization: Bearer &lt;Admin:Token&gt;</c>; reads need it too unless
/// they come from loopback (the single-node default listens on loopback only, so <c>curl</c> and
/// the status page work on the machine itself). A missing or wrong token is a 401 with
/// <c>WWW-Authenticate</c> (RFC 6750) and a problem body.
/// </summary>
internal sealed partial class AdminAuthorization(AdminToken token, ILogger<AdminAuthorization> logger) : IEndpointFilter
{
    public const string Realm = "orleanslb-admin";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var isRead = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (isRead && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
        {
            return next(context);
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            LogRefused(logger, http.Request.Method, http.Request.Path, RemoteOf(http), "no token");
            return Refuse(http, "Bearer realm=\"" + Realm + "\"",
                isRead ? "Reads from other machines need the admin token: send Authorization: Bearer <Admin:Token>."
                       : "Changes need the admin token: send Authorization: Bearer <Admin:Token>.");
        }

        const string Scheme = "Bearer ";
        var presented = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
        if (!token.Matches(presented))
        {
            LogRefused(logger, http.Request.Method, http.Request.Path, RemoteOf(http), presented is null ? "not a bearer token" : "wrong token");
            return Refuse(http, "Bearer realm=\"" + Realm + "\", error=\"invalid_token\"",
                presented is null ? "The Authorization header must be 'Bearer <Admin:Token>'." : "The admin token is wrong.");
        }

        return next(context);
    }

    public static string RemoteOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "in-process";

    private static ValueTask<object?> Refuse(HttpContext http, string challenge, string detail)
    {
        http.Response.Headers.WWWAuthenticate = challenge;
        return ValueTask.FromResult<object?>(AdminProblems.Create(StatusCodes.Status401Unauthorized, "unauthorized", "The admin token is missing or wrong", detail, "Authorization", null));
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Admin API refused {Method} {Path} from {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string remote, string reason);
}
