using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The status page at <c>/</c> and <c>/status</c>: plain HTML, CSS and JavaScript embedded in the
/// silo assembly (no build step, nothing on disk to go missing), reading and changing everything
/// through the admin API. A strict Content-Security-Policy allows only these files, so nothing a
/// destination's description could hold can run as script.
/// </summary>
internal static class StatusPage
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (string Resource, string ContentType)> Files = new Dictionary<string, (string, string)>
    {
        ["/"] = ("wwwroot/status/index.html", "text/html; charset=utf-8"),
        ["/status"] = ("wwwroot/status/index.html", "text/html; charset=utf-8"),
        ["/status/status.js"] = ("wwwroot/status/status.js", "text/javascript; charset=utf-8"),
        ["/status/status.css"] = ("wwwroot/status/status.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Contents = Files.Values
        .Select(f => f.Resource)
        .Distinct()
        .ToFrozenDictionary(r => r, Load);

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, (resource, contentType)) in Files)
        {
            var bytes = Contents[resource];
            endpoints.MapGet(path, (HttpContext http) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }

        return endpoints;
    }

    private static byte[] Load(string resource)
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The status page resource '{resource}' is missing from the silo assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
