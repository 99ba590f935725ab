using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Hosting;

namespace OrleansLB.Client.Configuration;

/// <summary>Reads the <c>Edge</c> section: the drain on shutdown (<c>Edge:Enabled</c> is the silo's, read there).</summary>
internal static class EdgeConfiguration
{
    public static EdgeDrainOptions Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(EdgeDrainOptions.SectionName), errors);
        var d = EdgeDrainOptions.Default;
        var options = new EdgeDrainOptions
        {
            DrainTimeout = section.Duration(nameof(d.DrainTimeout), d.DrainTimeout),
            RetryAfter = section.Duration(nameof(d.RetryAfter), d.RetryAfter),
        };
        section.String("Enabled");
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate());
        return options;
    }
}
