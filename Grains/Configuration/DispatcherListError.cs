using System.Globalization;

namespace OrleansLB.Grains.Configuration;

/// <summary>
/// One problem found in a <c>dispatcher.list</c>: where (file, 1-based line, column name:
/// <c>setid</c>, <c>destination</c>, <c>flags</c>, <c>priority</c> or <c>attrs</c>) and what.
/// A warning does not fail the load: every problem in <see cref="DispatcherListLoadMode.SkipInvalid"/>
/// (the line is skipped), and in any mode a destination written twice in one set, which
/// Kamailio accepts although state changes and call-load counting by URI or duid then reach
/// only one of the two.
/// </summary>
internal sealed record DispatcherListError(string FileName, int Line, string Field, string Message, bool IsWarning = false)
{
    /// <summary>Compiler style, e.g. <c>dispatcher.list:7: flags: '0xZZ' is not a decimal or 0x-hex number</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{FileName}:{Line}: {(IsWarning ? "warning: " : string.Empty)}{Field}: {Message}");
}
