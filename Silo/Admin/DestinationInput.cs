using System.Globalization;
using Microsoft.AspNetCore.Http;
using OrleansLB.Grains.Configuration;
using OrleansLB.Grains.Interfaces.Messages;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// Checks what the admin API is asked to store. The rule: whatever it accepts must mean the same
/// after a trip through the store and through a <c>dispatcher.list</c> (written by
/// <see cref="DispatcherListWriter"/> and read back by <see cref="DispatcherListReader"/>, the
/// way an operator exports and re-imports), so a request can never leave behind a destination
/// that loads differently, or not at all, on the next start.
/// </summary>
internal static class DestinationInput
{
    public const int MaxUriLength = 512;
    public const int MaxAttrsLength = 1024;
    public const int MaxDescriptionLength = 256;
    public const int MaxKeyLength = 512;

    /// <summary>Every bit Kamailio defines (1 … 32).</summary>
    private const int KnownFlagBits = 63;

    public static bool TryCreate(int setId, AddDestinationRequest request, out Destination destination, out IResult? problem)
    {
        destination = null!;
        if (request.Uri is null)
        {
            problem = AdminProblems.MissingField("uri", "Give the destination's SIP URI, e.g. sip:10.0.0.14:5080.");
            return false;
        }

        if (TryCheckUri(request.Uri, "uri", out var uri, out problem) is false)
        {
            return false;
        }

        var flags = request.Flags ?? 0;
        if ((flags & ~KnownFlagBits) != 0)
        {
            problem = AdminProblems.InvalidField("flags", flags.ToString(CultureInfo.InvariantCulture),
                "Flags are Kamailio's bits 1 inactive, 2 trying, 4 disabled, 8 probing, 16 no DNS, 32 no ping, added together (0 to 63).");
            return false;
        }

        var attrsText = request.Attrs ?? string.Empty;
        if (attrsText.Length > MaxAttrsLength || attrsText.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problem = AdminProblems.InvalidField("attrs", attrsText, $"Attributes are name=value pairs separated by ';', with no spaces, at most {MaxAttrsLength} characters.");
            return false;
        }

        if (!DestinationAttributes.TryParse(attrsText, out var attributes, out var attrsError))
        {
            problem = AdminProblems.InvalidField("attrs", attrsText, $"Attributes: {attrsError}.");
            return false;
        }

        if (attributes.Duid is { } duid && (duid.Length == 0 || string.Equals(duid, AdminSetState.All, StringComparison.OrdinalIgnoreCase)))
        {
            problem = AdminProblems.InvalidField("attrs", attrsText, $"duid '{duid}' cannot name a destination ('all' means every destination of the set).");
            return false;
        }

        var description = request.Description;
        if (description is not null
            && (description.Length > MaxDescriptionLength || description.Any(char.IsControl) || description.Trim().Length == 0))
        {
            problem = AdminProblems.InvalidField("description", description, $"A description is one line of at most {MaxDescriptionLength} characters.");
            return false;
        }

        destination = new Destination(uri, (DestinationFlags)flags, request.Priority ?? 0, attributes, description);
        if (!ReadsBackTheSame(setId, destination))
        {
            problem = AdminProblems.InvalidField(
                description is null ? "attrs" : "description",
                description ?? attrsText,
                "This destination would not read back the same from a dispatcher.list (a description word may not start with '#', nor have doubled spaces).");
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>A destination URI as set_state and remove take it: checked, <c>sip:</c> added when it names no scheme.</summary>
    public static bool TryCheckUri(string written, string field, out string uri, out IResult? problem)
    {
        uri = written;
        if (written.Length is 0 or > MaxUriLength || written.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problem = AdminProblems.InvalidField(field, written, $"A destination is a SIP URI of at most {MaxUriLength} characters with no spaces, e.g. sip:10.0.0.14:5080.");
            return false;
        }

        if (SipUriSyntax.Check(written, out uri) is { } error)
        {
            problem = AdminProblems.InvalidField(field, written, $"Not a destination URI: {error}.");
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>A duid as set_state and remove take it.</summary>
    public static bool TryCheckKey(string key, string field, out IResult? problem)
    {
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ';'))
        {
            problem = AdminProblems.InvalidField(field, key, $"A duid is at most {MaxKeyLength} characters with no spaces or ';'.");
            return false;
        }

        if (string.Equals(key, AdminSetState.All, StringComparison.OrdinalIgnoreCase))
        {
            problem = AdminProblems.InvalidField(field, key, "To change every destination of the set, send \"all\": true instead of a duid.");
            return false;
        }

        problem = null;
        return true;
    }

    private static bool ReadsBackTheSame(int setId, Destination destination)
    {
        var text = DispatcherListWriter.Write(new DispatcherSnapshot(0, [DestinationSet.Create(setId, [destination])]));
        var read = DispatcherListReader.Read(text, "check", DispatcherListLoadMode.Strict);
        if (!read.Succeeded || !read.Snapshot.TryGetSet(setId, out var set) || set.Count != 1)
        {
            return false;
        }

        var back = set[0];
        var expectedFlags = destination.Flags & ~DispatcherListWriter.RuntimeOnlyFlags;
        return back.Uri == destination.Uri
            && back.Flags == expectedFlags
            && back.Priority == destination.Priority
            && back.Attributes.Equals(destination.Attributes)
            && back.Description == destination.Description;
    }
}
