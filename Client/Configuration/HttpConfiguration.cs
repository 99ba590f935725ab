using Microsoft.Extensions.Configuration;

namespace OrleansLB.Client.Configuration;

/// <summary>
/// Reads <c>Http:Urls</c>: where health, readiness and metrics (and on a silo the admin API) are
/// served, as ASP.NET's semicolon-separated URL list. Left out, an ephemeral loopback port is
/// used, so an unconfigured process never takes a well-known port nor listens beyond the machine.
/// </summary>
internal static class HttpConfiguration
{
    public const string SectionName = "Http";

    private const string Ephemeral = "http://127.0.0.1:0";

    /// <summary>The URLs to listen on; every problem goes to <paramref name="errors"/>, naming the key.</summary>
    public static string[] Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(SectionName), errors);
        var text = section.String("Urls") ?? Ephemeral;
        section.RejectUnknownKeys();
        var urls = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"{SectionName}:Urls: '{url}' must look like http://127.0.0.1:8080 (scheme, address, port; several separated by ';')");
            }
        }

        return urls.Length == 0 ? [Ephemeral] : urls;
    }
}
