namespace OrleansLB.Client.Security;

/// <summary>What a request from a known scanner gets.</summary>
internal enum ScannerAction
{
    /// <summary><c>403 Forbidden</c>, answered statelessly.</summary>
    Reject,

    /// <summary>Nothing, so the scanner cannot tell a SIP server is here.</summary>
    Drop,
}
