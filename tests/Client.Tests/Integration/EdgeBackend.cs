namespace OrleansLB.Client.Integration;

/// <summary>
/// One backend of an <see cref="EdgeUnderTest"/>: the sipp callee scenario it runs and its line
/// in dispatcher.list. Its duid is <c>b{index}</c>, so tests find its state by position.
/// </summary>
/// <param name="Scenario">A callee scenario (<see cref="Sipp.SippScenarios"/>).</param>
internal sealed record EdgeBackend(string Scenario)
{
    public int SetId { get; init; } = 1;

    /// <summary>The flags column (Kamailio's bits: 8 probing, 1 inactive…).</summary>
    public int Flags { get; init; }

    public int Priority { get; init; }

    /// <summary>More attributes after the duid, such as <c>weight=50;maxload=2</c>.</summary>
    public string Attributes { get; init; } = string.Empty;

    /// <summary>The callee's -d, for scenarios that pause (uas_bye_from_callee holds the call this long).</summary>
    public TimeSpan Pause { get; init; }
}
