using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace OrleansLB.Client.Observability;

/// <summary>
/// <c>Logging:Console:FormatterName</c> (<c>json</c> for Kubernetes, <c>systemd</c>, <c>simple</c>):
/// <c>WebApplication.CreateSlimBuilder</c> adds the console logger with the simple formatter fixed
/// in code, which overrides the configured name, so the configured one is put back after it.
/// </summary>
internal static class ConsoleLogging
{
    public const string FormatterKey = "Logging:Console:FormatterName";

    private static readonly string[] Formatters = [ConsoleFormatterNames.Json, ConsoleFormatterNames.Simple, ConsoleFormatterNames.Systemd];

    /// <summary>Honours the configured console formatter; an unknown name is a configuration problem.</summary>
    public static ILoggingBuilder UseConfiguredConsoleFormatter(this ILoggingBuilder logging, IConfiguration configuration, List<string> errors)
    {
        var name = configuration[FormatterKey];
        if (string.IsNullOrWhiteSpace(name))
        {
            return logging;
        }

        var formatter = Formatters.FirstOrDefault(f => string.Equals(f, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (formatter is null)
        {
            errors.Add($"{FormatterKey}: '{name}' is not a console formatter; use json (one JSON object a line), simple or systemd");
            return logging;
        }

        logging.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        return logging;
    }
}
