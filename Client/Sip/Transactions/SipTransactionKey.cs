namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// What matches a message to a transaction. Server side (RFC 3261 §17.2.3): the top Via's branch,
/// its sent-by and the method (ACK looks up its INVITE). Client side (§17.1.3): the branch and
/// the CSeq method, with an empty sent-by. A request without the magic cookie (RFC 2543) has a
/// branch made of the fields §17.2.3 falls back on.
/// </summary>
internal readonly record struct SipTransactionKey(string Branch, string SentBy, string Method);
