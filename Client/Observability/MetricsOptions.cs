using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OrleansLB.Client.Configuration;

namespace OrleansLB.Client.Observability;

/// <summary>
/// The <c>Metrics</c> section: OTLP export, off unless <c>Metrics:Otlp:Endpoint</c> is set.
/// <c>/metrics</c> (Prometheus) is always served.
/// </summary>
internal sealed record MetricsOptions
{
    public const string SectionName = "Metrics";

    public static readonly TimeSpan DefaultOtlpInterval = TimeSpan.FromSeconds(30);

    /// <summary>Where OTLP metrics go; null: no export.</summary>
    public Uri? OtlpEndpoint { get; init; }

    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    public TimeSpan OtlpInterval { get; init; } = DefaultOtlpInterval;

    /// <summary>The options; every problem goes to <paramref name="errors"/>, naming its key and how to fix it.</summary>
    public static MetricsOptions Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(SectionName), errors);
        var otlp = section.Child("Otlp");
        var endpoint = otlp.String("Endpoint");
        var protocolText = otlp.String("Protocol");
        var interval = otlp.Duration("Interval", DefaultOtlpInterval);
        otlp.RejectUnknownKeys();
        section.RejectUnknownKeys();

        var protocol = OtlpExportProtocol.Grpc;
        switch (protocolText?.Trim().ToLowerInvariant())
        {
            case null or "grpc":
                break;
            case "http/protobuf" or "httpprotobuf" or "http":
                protocol = OtlpExportProtocol.HttpProtobuf;
                break;
            default:
                otlp.Error("Protocol", $"'{protocolText}' is not an OTLP protocol; use grpc (port 4317) or http/protobuf (port 4318)");
                break;
        }

        if (interval <= TimeSpan.Zero)
        {
            otlp.Error("Interval", $"'{otlp.String("Interval")}' must be above zero, such as 30s");
        }

        Uri? uri = null;
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https"))
            {
                otlp.Error("Endpoint", $"'{endpoint}' must be an absolute http(s) URL such as http://otel-collector:4317 (grpc) or http://otel-collector:4318 (http/protobuf); leave it empty to export no OTLP");
                uri = null;
            }
            else if (protocol == OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath == "/")
            {
                // Set in code, the exporter posts to the URL as given; the collector listens on /v1/metrics.
                uri = new Uri(uri, "v1/metrics");
            }
        }

        return new MetricsOptions { OtlpEndpoint = uri, OtlpProtocol = protocol, OtlpInterval = interval };
    }
}
