using System.Collections.Immutable;
using System.Globalization;

namespace OrleansLB.Grains.Storage;

/// <summary>What a reload did to one set, by destination identity (duid or URI).</summary>
internal sealed record SetDiff(
    int SetId,
    ImmutableArray<string> Added,
    ImmutableArray<string> Removed,
    ImmutableArray<string> Changed,
    int Unchanged)
{
    public bool HasChanges => Added.Length + Removed.Length + Changed.Length > 0;

    /// <summary>For logs: <c>set 1: +1 -0 ~2 =3</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"set {SetId}: +{Added.Length} -{Removed.Length} ~{Changed.Length} ={Unchanged}");
}
