using OrleansLB.Grains.CallLoad;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Health;

namespace OrleansLB.Grains.Configuration;

/// <summary>
/// Everything the dispatcher engine is configured with, in the sections Kamailio users know
/// from the module's parameters: the list (<c>list_file</c>, <c>ds_load_mode</c>), selection
/// (<c>flags</c>), probing (<c>ds_ping_*</c>, <c>ds_probing_*</c>) and call load (<c>ds_hash_*</c>).
/// </summary>
internal sealed record DispatcherOptions
{
    public string ListFile { get; init; } = "dispatcher.list";

    public DispatcherListLoadMode LoadMode { get; init; } = DispatcherListLoadMode.Strict;

    public SelectionOptions Selection { get; init; } = SelectionOptions.Default;

    public HealthOptions Health { get; init; } = HealthOptions.Default;

    public CallLoadOptions CallLoad { get; init; } = CallLoadOptions.Default;

    /// <summary>Every problem, each prefixed with the key it belongs to (<c>Dispatcher:Health:ProbingThreshold</c>), so start-up can name them all at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ListFile))
        {
            errors.Add($"Dispatcher:{nameof(ListFile)}: give the path of a dispatcher.list file.");
        }
        else if (!File.Exists(ListFile))
        {
            errors.Add($"Dispatcher:{nameof(ListFile)}: '{ListFile}' does not exist; give the path of a dispatcher.list file.");
        }

        if (!Enum.IsDefined(Selection.HashPlacement))
        {
            errors.Add($"Dispatcher:Selection:{nameof(SelectionOptions.HashPlacement)}: '{Selection.HashPlacement}' is not one of {string.Join(", ", Enum.GetNames<HashPlacement>())}.");
        }

        errors.AddRange(Health.Validate().Select(e => $"Dispatcher:Health: {e}"));
        errors.AddRange(CallLoad.Validate().Select(e => $"Dispatcher:CallLoad: {e}"));
        return errors;
    }
}
