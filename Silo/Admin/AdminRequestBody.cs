using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Reads a change's JSON body under the admin API's rules: <c>application/json</c> only, at most
/// <see cref="AdminOptions.MaxBodyBytes"/> (413 beyond, counted while reading, so a chunked body
/// cannot slip past a missing Content-Length), and every failure of the JSON itself answered with
/// a problem naming the field, line and byte position. Unknown and repeated fields are refused by
/// the serializer options (<see cref="AdminJsonContext"/>).
/// </summary>
internal sealed partial class AdminRequestBody(AdminOptions options)
{
    public async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return (null, AdminProblems.Create(
                StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The body must be JSON",
                $"Send the body as application/json, not '{request.ContentType ?? "(none)"}'.", "Content-Type", request.ContentType));
        }

        if (request.ContentLength > options.MaxBodyBytes)
        {
            return (null, TooLarge(request.ContentLength.Value));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(options.MaxBodyBytes + 1, (int)(request.ContentLength ?? 4096) + 1));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > options.MaxBodyBytes)
                    {
                        return (null, TooLarge(null));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, options.MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > options.MaxBodyBytes)
                {
                    return (null, TooLarge(null));
                }
            }

            if (buffer.AsSpan(0, length).Trim(" \t\r\n"u8).IsEmpty)
            {
                return (null, AdminProblems.Create(StatusCodes.Status400BadRequest, "missing-body", "The body is empty", "Send a JSON object.", null, null));
            }

            try
            {
                var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), type);
                return value is null
                    ? (null, AdminProblems.Create(StatusCodes.Status400BadRequest, "malformed-json", "The body is not a JSON object", "Send a JSON object, not null.", null, "null"))
                    : (value, null);
            }
            catch (JsonException e)
            {
                return (null, Malformed(e));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private IResult TooLarge(long? length) => AdminProblems.Create(
        StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large",
        $"The body is {(length is { } l ? $"{l} bytes" : "larger than the limit")}; the admin API accepts at most {options.MaxBodyBytes} bytes (Admin:MaxBodyBytes).",
        null, null, new Dictionary<string, object?> { ["limit"] = options.MaxBodyBytes });

    /// <summary>The serializer's messages name .NET types; the answer names the JSON field and where it is instead.</summary>
    private static IResult Malformed(JsonException e)
    {
        var position = new Dictionary<string, object?>
        {
            ["line"] = e.LineNumber is { } line ? line + 1 : null,
            ["bytePosition"] = e.BytePositionInLine,
            ["path"] = e.Path,
        };
        var where = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine})" : string.Empty;
        if (UnknownProperty().Match(e.Message) is { Success: true } unknown)
        {
            var field = unknown.Groups[1].Value;
            return AdminProblems.Create(StatusCodes.Status400BadRequest, "unknown-field", "The body has an unknown field",
                $"Field '{AdminProblems.Cut(field)}' is not part of this request{where}.", field, null, position);
        }

        if (DuplicateProperty().Match(e.Message) is { Success: true } duplicate)
        {
            var field = duplicate.Groups[1].Value;
            return AdminProblems.Create(StatusCodes.Status400BadRequest, "duplicate-field", "The body repeats a field",
                $"Field '{AdminProblems.Cut(field)}' appears more than once{where}.", field, null, position);
        }

        var path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        if (path is not null && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return AdminProblems.Create(StatusCodes.Status400BadRequest, "invalid-field", "A field has the wrong type",
                $"Field '{path}' has a value of the wrong type{where}.", path, null, position);
        }

        var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd();
        if (reason.Contains("OrleansLB.", StringComparison.Ordinal) || reason.Contains("System.", StringComparison.Ordinal))
        {
            reason = "The JSON does not have the expected shape.";
        }

        return AdminProblems.Create(StatusCodes.Status400BadRequest, "malformed-json", "The body is not valid JSON",
            $"{reason}{where}", path, null, position);
    }

    [GeneratedRegex("The JSON property '(.*?)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("Duplicate property '(.*?)'", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateProperty();
}
