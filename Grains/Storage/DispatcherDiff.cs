using System.Collections.Immutable;

namespace OrleansLB.Grains.Storage;

/// <summary>What a reload did, per set in id order (every set present before or after).</summary>
internal sealed record DispatcherDiff(ImmutableArray<SetDiff> Sets)
{
    public bool HasChanges => Sets.Any(s => s.HasChanges);

    public int Added => Sets.Sum(s => s.Added.Length);

    public int Removed => Sets.Sum(s => s.Removed.Length);

    public int Changed => Sets.Sum(s => s.Changed.Length);

    /// <summary>For logs and the audit: <c>set 1: +1 -0 ~2 =3; set 2: +0 -3 ~0 =0</c>, or <c>no sets</c>.</summary>
    public override string ToString() => Sets.Length == 0 ? "no sets" : string.Join("; ", Sets);
}
