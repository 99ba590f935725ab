namespace OrleansLB.Client.Routing;

/// <summary>
/// The request's headers as a rule reads them; the proxy adapts its parsed message to this.
/// </summary>
internal interface IRoutingHeaders
{
    /// <summary>
    /// The value of the first header named <paramref name="fullName"/> (a full name, such as
    /// <c>Subject</c>), without leading and trailing whitespace. The match must ignore case and
    /// must also find the header when the message used its compact form; see
    /// <see cref="SipCompactHeaderNames.NameEquals"/>.
    /// </summary>
    bool TryGetValue(string fullName, out ReadOnlySpan<char> value);
}
