namespace OrleansLB.Grains.Interfaces.Messages;

/// <summary>
/// An operator's change to the dispatcher configuration, sent to the grain directory. It is
/// written to the store before it is applied, so an acknowledged change survives a crash; the
/// answer is an <see cref="AdminResult"/>.
/// </summary>
/// <param name="Actor">Who asked (a user or token name), recorded in the audit log.</param>
internal abstract record AdminCommand(string Actor);
