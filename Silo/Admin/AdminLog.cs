using Microsoft.Extensions.Logging;

namespace OrleansLB.Silo.Admin;

/// <summary>The admin API's log events (the audit proper is in the store, with each change).</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Admin {Verb} on set {SetId} ({Target}) by {Actor}: {Matched} destination(s)")]
    public static partial void ChangeApplied(ILogger logger, string verb, int setId, string target, string actor, int matched);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Admin {Verb} by {Actor} refused: {Reason}")]
    public static partial void ChangeRefused(ILogger logger, string verb, string actor, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Admin reload by {Actor}: {Destinations} destination(s), {Added} added, {Removed} removed")]
    public static partial void Reloaded(ILogger logger, string actor, int destinations, int added, int removed);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Admin ping_active set to {Active} by {Actor}")]
    public static partial void PingActiveSet(ILogger logger, bool active, string actor);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Admin:Token is empty: generated a token into {Path} (readable by this user only); the CLI on this machine reads it from there")]
    public static partial void TokenGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Admin API could not reach the grain tier for {Method} {Path}")]
    public static partial void GrainTierUnavailable(ILogger logger, string method, string path, Exception exception);
}
