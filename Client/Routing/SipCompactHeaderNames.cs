namespace OrleansLB.Client.Routing;

/// <summary>
/// SIP's one-letter header names (RFC 3261 §7.3.3 and the RFCs that added more) and their full
/// names. Rules are matched by full name; the proxy's <see cref="IRoutingHeaders"/> adapter uses
/// <see cref="NameEquals"/> to find a header whichever form the message used.
/// </summary>
internal static class SipCompactHeaderNames
{
    private static readonly string?[] FullNameByLetter = Build(
        ('a', "Accept-Contact"),       // RFC 3841
        ('b', "Referred-By"),          // RFC 3892
        ('c', "Content-Type"),
        ('d', "Request-Disposition"),  // RFC 3841
        ('e', "Content-Encoding"),
        ('f', "From"),
        ('i', "Call-ID"),
        ('j', "Reject-Contact"),       // RFC 3841
        ('k', "Supported"),
        ('l', "Content-Length"),
        ('m', "Contact"),
        ('o', "Event"),                // RFC 6665
        ('r', "Refer-To"),             // RFC 3515
        ('s', "Subject"),
        ('t', "To"),
        ('u', "Allow-Events"),         // RFC 6665
        ('v', "Via"),
        ('x', "Session-Expires"),      // RFC 4028
        ('y', "Identity"));            // RFC 8224

    /// <summary>The full name of a one-letter name, either case (<c>i</c> or <c>I</c> gives <c>Call-ID</c>).</summary>
    public static bool TryGetFullName(ReadOnlySpan<char> name, out string fullName)
    {
        fullName = name.Length == 1 && char.IsAsciiLetter(name[0]) ? FullNameByLetter[char.ToLowerInvariant(name[0]) - 'a'] ?? string.Empty : string.Empty;
        return fullName.Length > 0;
    }

    /// <summary>
    /// The name a rule looks up: the full name for a compact one, the usual spelling for a known
    /// full name in any case (<c>call-id</c> gives <c>Call-ID</c>), anything else as written.
    /// </summary>
    public static string Canonicalize(string name)
    {
        if (TryGetFullName(name, out var fullName))
        {
            return fullName;
        }

        return Array.Find(FullNameByLetter, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? name;
    }

    /// <summary>
    /// Whether a header name as it appears in a message names <paramref name="fullName"/>: the same
    /// name in any case (RFC 3261 §7.3.1), or its compact letter.
    /// </summary>
    public static bool NameEquals(ReadOnlySpan<char> nameInMessage, string fullName) =>
        nameInMessage.Equals(fullName, StringComparison.OrdinalIgnoreCase)
        || (TryGetFullName(nameInMessage, out var expanded) && string.Equals(expanded, fullName, StringComparison.OrdinalIgnoreCase));

    private static string?[] Build(params (char Letter, string FullName)[] pairs)
    {
        var byLetter = new string?[26];
        foreach (var (letter, fullName) in pairs)
        {
            byLetter[letter - 'a'] = fullName;
        }

        return byLetter;
    }
}
