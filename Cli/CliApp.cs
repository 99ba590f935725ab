using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrleansLB.Cli;

/// <summary>
/// Runs one command against the admin API. Exit codes: 0 done, 1 the silo answered a problem
/// (its title and detail are printed) or could not be reached, 2 usage error.
/// </summary>
internal static class CliApp
{
    public const int Ok = 0;

    public const int Failed = 1;

    public const int UsageError = 2;

    public const string GeneratedTokenFile = "data/admin.token";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (args is [] or ["-h"] or ["--help"] or ["help"])
        {
            await (args.Length == 0 ? errors : output).WriteLineAsync(CommandLine.Usage);
            return args.Length == 0 ? UsageError : Ok;
        }

        var command = CommandLine.Parse(args, environment, out var error);
        if (command is null)
        {
            await errors.WriteLineAsync($"orleanslb-cli: {error}\n\n{CommandLine.Usage}");
            return UsageError;
        }

        // A single-node silo without Admin:Token writes a generated one here, for the CLI on the same machine.
        if (command.Token is null && File.Exists(GeneratedTokenFile))
        {
            command = command with { Token = (await File.ReadAllTextAsync(GeneratedTokenFile, cancellationToken)).Trim() };
        }

        using var http = new HttpClient { BaseAddress = command.Url, Timeout = Timeout };
        using var request = new HttpRequestMessage(command.Method, new Uri(command.Path, UriKind.Relative));
        if (command.Body is not null)
        {
            request.Content = new StringContent(command.Body, Encoding.UTF8, "application/json");
        }

        if (command.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", command.Token);
        }

        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await errors.WriteLineAsync($"orleanslb-cli: cannot reach {command.Url}: {e.Message}");
            return Failed;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                await errors.WriteLineAsync(Problem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text));
                if (command.Json)
                {
                    await output.WriteLineAsync(text);
                }

                return Failed;
            }

            using var answer = JsonDocument.Parse(text);
            await output.WriteAsync(command.Json ? text + "\n" : TableRenderer.Render(command.Verb, answer.RootElement));
            return Ok;
        }
    }

    /// <summary>An RFC 9457 answer as one or two readable lines; anything else as status and body.</summary>
    public static string Problem(int status, string? mediaType, string body)
    {
        if (mediaType == "application/problem+json")
        {
            try
            {
                var problem = JsonDocument.Parse(body).RootElement;
                var title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
                var field = problem.TryGetProperty("field", out var f) ? $" (field: {f.GetString()})" : "";
                return $"error {status}: {title}{field}" + (detail is null ? "" : $"\n{detail}");
            }
            catch (JsonException)
            {
                // Not the problem it claims to be; shown raw below.
            }
        }

        return $"error {status}: {(body.Length > 500 ? body[..500] : body)}";
    }
}
