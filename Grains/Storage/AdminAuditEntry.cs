namespace OrleansLB.Grains.Storage;

/// <summary>One administrative change: when, who (the actor the admin API names) and what, in words.</summary>
internal sealed record AdminAuditEntry(long Id, DateTimeOffset At, string Actor, string Action);
