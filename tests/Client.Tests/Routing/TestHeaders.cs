namespace OrleansLB.Client.Routing;

/// <summary>Headers as a message carries them, found the way the proxy's adapter must: any case, full or compact name.</summary>
internal sealed class TestHeaders(params (string Name, string Value)[] headers) : IRoutingHeaders
{
    public bool TryGetValue(string fullName, out ReadOnlySpan<char> value)
    {
        foreach (var (name, text) in headers)
        {
            if (SipCompactHeaderNames.NameEquals(name, fullName))
            {
                value = text;
                return true;
            }
        }

        value = default;
        return false;
    }
}
