using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Every error of the admin API as an RFC 9457 problem (<c>application/problem+json</c>): a
/// stable <c>type</c> per kind of error, and the <c>field</c> and <c>value</c> at fault where
/// there is one, so a script can tell what to fix without parsing prose.
/// </summary>
internal static class AdminProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>Values are echoed back cut to this length: enough to recognise, never a flood.</summary>
    private const int MaxEchoedValue = 120;

    private const string TypePrefix = "urn:orleanslb:problem:";

    public static IResult InvalidField(string field, string? value, string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-field", "A field is invalid", detail, field, value);

    public static IResult MissingField(string field, string detail) =>
        Create(StatusCodes.Status400BadRequest, "missing-field", "A field is missing", detail, field, null);

    public static IResult SetNotFound(int setId) =>
        Create(StatusCodes.Status404NotFound, "set-not-found", "No such set", $"Set {setId} does not exist.", "setId", Invariant(setId));

    public static IResult DestinationNotFound(int setId, string field, string value) =>
        Create(StatusCodes.Status404NotFound, "destination-not-found", "No such destination", $"Set {setId} has no destination with {field} '{Cut(value)}'.", field, value);

    public static IResult Conflict(string field, string? value, string detail) =>
        Create(StatusCodes.Status409Conflict, "conflict", "The change conflicts with the current state", detail, field, value);

    public static IResult Unavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "grain-tier-unavailable", "The grain tier did not answer", detail, null, null);

    public static IResult Create(int status, string type, string title, string detail, string? field, string? value, IReadOnlyDictionary<string, object?>? more = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypePrefix + type, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        if (value is not null)
        {
            problem.Extensions["value"] = Cut(value);
        }

        foreach (var (key, extra) in more ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = extra;
        }

        return TypedResults.Problem(problem);
    }

    public static string Cut(string value) => value.Length <= MaxEchoedValue ? value : value[..MaxEchoedValue] + "…";

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
