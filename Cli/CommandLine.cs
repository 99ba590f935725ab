using System.Globalization;
using System.Text.Json;

namespace OrleansLB.Cli;

/// <summary>
/// kamcmd's <c>dispatcher.*</c> verbs (written <c>dispatcher list</c> or <c>dispatcher.list</c>)
/// turned into admin API calls. Options may stand anywhere: <c>--url</c>, <c>--token</c> (else
/// <c>ORLEANSLB_ADMIN_TOKEN</c>), <c>--json</c>.
/// </summary>
internal static class CommandLine
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public const string TokenVariable = "ORLEANSLB_ADMIN_TOKEN";

    private const string Api = "/api/v1/dispatcher";

    public const string Usage = """
        usage: orleanslb-cli [--url URL] [--token TOKEN] [--json] dispatcher VERB [ARGS]

          dispatcher list [SET]
          dispatcher set_state STATE SET URI          STATE: a i d t, optionally followed by p (ap, ip ...)
          dispatcher set_state STATE SET duid DUID
          dispatcher set_state STATE SET all
          dispatcher set_duid_state STATE SET DUID
          dispatcher reload
          dispatcher add SET URI [FLAGS [PRIORITY [ATTRS [DESCRIPTION...]]]]
          dispatcher remove SET URI
          dispatcher remove SET duid DUID
          dispatcher ping_active [0|1]
          dispatcher hash SET KEY [ALGORITHM]

          --url URL      the silo's HTTP address (default http://127.0.0.1:8080)
          --token TOKEN  the admin token for changes (default: $ORLEANSLB_ADMIN_TOKEN, else ./data/admin.token)
          --json         print the API's JSON answer instead of a table
        """;

    /// <summary>The command, or null with the reason in <paramref name="error"/> (exit code 2).</summary>
    public static CliCommand? Parse(IReadOnlyList<string> args, Func<string, string?> environment, out string? error)
    {
        var url = DefaultUrl;
        var token = environment(TokenVariable);
        var json = false;
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--json")
            {
                json = true;
            }
            else if (arg is "--url" or "--token")
            {
                if (i + 1 >= args.Count)
                {
                    return Fail($"{arg} needs a value", out error);
                }

                _ = arg == "--url" ? url = args[++i] : token = args[++i];
            }
            else if (arg.StartsWith("--url=", StringComparison.Ordinal))
            {
                url = arg["--url=".Length..];
            }
            else if (arg.StartsWith("--token=", StringComparison.Ordinal))
            {
                token = arg["--token=".Length..];
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                return Fail($"unknown option {arg}", out error);
            }
            else
            {
                words.Add(arg);
            }
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            return Fail($"--url must be an http:// or https:// address, not '{url}'", out error);
        }

        // kamcmd writes dispatcher.list; accept both.
        if (words.Count > 0 && words[0].StartsWith("dispatcher.", StringComparison.Ordinal))
        {
            words.InsertRange(1, [words[0]["dispatcher.".Length..]]);
            words[0] = "dispatcher";
        }

        if (words.Count < 2 || words[0] != "dispatcher")
        {
            return Fail(words is [] ? "no command" : words is ["dispatcher"] ? "missing verb" : $"unknown command '{string.Join(' ', words)}'", out error);
        }

        var verb = words[1];
        var rest = words.Skip(2).ToList();
        var request = Request(verb, rest, out error);
        return request is null ? null : new CliCommand(verb, request.Value.Method, request.Value.Path, request.Value.Body, baseUrl, string.IsNullOrEmpty(token) ? null : token, json);
    }

    private static (HttpMethod Method, string Path, string? Body)? Request(string verb, List<string> a, out string? error)
    {
        error = null;
        switch (verb)
        {
            case "list" when a.Count == 0:
                return (HttpMethod.Get, $"{Api}/sets", null);
            case "list" when a.Count == 1 && IsSet(a[0]):
                return (HttpMethod.Get, $"{Api}/sets/{a[0]}", null);
            case "set_state" when a.Count == 3 && IsSet(a[1]) && a[2] == "all":
                return StateChange(a[0], a[1], new Dictionary<string, object> { ["all"] = true }, out error);
            case "set_state" when a.Count == 4 && IsSet(a[1]) && a[2] == "duid":
                return StateChange(a[0], a[1], new Dictionary<string, object> { ["duid"] = a[3] }, out error);
            case "set_state" when a.Count == 3 && IsSet(a[1]):
                return StateChange(a[0], a[1], new Dictionary<string, object> { ["uri"] = a[2] }, out error);
            case "set_duid_state" when a.Count == 3 && IsSet(a[1]):
                return StateChange(a[0], a[1], new Dictionary<string, object> { ["duid"] = a[2] }, out error);
            case "reload" when a.Count == 0:
                return (HttpMethod.Post, $"{Api}/reload", null);
            case "add" when a.Count >= 2 && IsSet(a[0]):
                return Add(a, out error);
            case "remove" when a.Count == 2 && IsSet(a[0]):
                return (HttpMethod.Delete, $"{Api}/sets/{a[0]}/destinations?uri={Uri.EscapeDataString(a[1])}", null);
            case "remove" when a.Count == 3 && IsSet(a[0]) && a[1] == "duid":
                return (HttpMethod.Delete, $"{Api}/sets/{a[0]}/destinations?duid={Uri.EscapeDataString(a[2])}", null);
            case "ping_active" when a.Count == 0:
                return (HttpMethod.Get, $"{Api}/ping-active", null);
            case "ping_active" when a.Count == 1 && a[0] is "0" or "1":
                return (HttpMethod.Put, $"{Api}/ping-active", a[0] == "1" ? """{"active":true}""" : """{"active":false}""");
            case "hash" when a.Count is 2 or 3 && IsSet(a[0]):
                var query = $"{Api}/sets/{a[0]}/hash?key={Uri.EscapeDataString(a[1])}";
                return (HttpMethod.Get, a.Count == 3 ? $"{query}&algorithm={Uri.EscapeDataString(a[2])}" : query, null);
            case "list" or "set_state" or "set_duid_state" or "reload" or "add" or "remove" or "ping_active" or "hash":
                error = $"wrong arguments for dispatcher {verb}";
                return null;
            default:
                error = $"unknown verb '{verb}'";
                return null;
        }
    }

    private static (HttpMethod, string, string?)? StateChange(string state, string set, Dictionary<string, object> target, out string? error)
    {
        error = null;
        var body = new Dictionary<string, object> { ["state"] = state };
        foreach (var (key, value) in target)
        {
            body[key] = value;
        }

        return (HttpMethod.Post, $"{Api}/sets/{set}/state", JsonSerializer.Serialize(body));
    }

    private static (HttpMethod, string, string?)? Add(List<string> a, out string? error)
    {
        error = null;
        var body = new Dictionary<string, object> { ["uri"] = a[1] };
        if (a.Count > 2)
        {
            if (!int.TryParse(a[2], NumberStyles.None, CultureInfo.InvariantCulture, out var flags))
            {
                error = $"FLAGS must be a number, not '{a[2]}'";
                return null;
            }

            body["flags"] = flags;
        }

        if (a.Count > 3)
        {
            if (!int.TryParse(a[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority))
            {
                error = $"PRIORITY must be a number, not '{a[3]}'";
                return null;
            }

            body["priority"] = priority;
        }

        if (a.Count > 4)
        {
            body["attrs"] = a[4];
        }

        if (a.Count > 5)
        {
            body["description"] = string.Join(' ', a.Skip(5));
        }

        return (HttpMethod.Post, $"{Api}/sets/{a[0]}/destinations", JsonSerializer.Serialize(body));
    }

    private static bool IsSet(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static CliCommand? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
