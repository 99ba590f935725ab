using System.Text;
using OrleansLB.Client.Sip.Message;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// The seeds: real messages as .sip files (RFC 4475's torture messages, what sipp and the edge
/// exchanged in a captured run, what SIPVicious sends), the header values found in them sorted by
/// the parser that reads them, and the built-in dispatcher.list and configuration seeds.
/// </summary>
internal sealed class FuzzCorpus
{
    private FuzzCorpus(IReadOnlyList<SipSeed> messages)
    {
        Messages = messages;
        var values = new Dictionary<SipValueKind, List<byte[]>>();
        foreach (var kind in Enum.GetValues<SipValueKind>())
        {
            values[kind] = [];
        }

        foreach (var seed in messages)
        {
            if (seed.StartLine.Length > 0 && !seed.IsResponse)
            {
                var parts = seed.StartLine.AsSpan();
                var first = parts.IndexOf((byte)' ');
                var last = parts.LastIndexOf((byte)' ');
                if (first > 0 && last > first)
                {
                    values[SipValueKind.Uri].Add(parts[(first + 1)..last].ToArray());
                }
            }

            foreach (var line in seed.Headers)
            {
                var name = SipSeed.NameOf(line);
                var value = SipSeed.ValueOf(line).ToArray();
                values[SipValueKind.HeaderName].Add(name.ToArray());
                var kind = SipKnownHeaders.Lookup(name) switch
                {
                    SipHeaderId.Via => SipValueKind.Via,
                    SipHeaderId.From or SipHeaderId.To or SipHeaderId.Contact or SipHeaderId.Route or SipHeaderId.RecordRoute => SipValueKind.Address,
                    SipHeaderId.CSeq or SipHeaderId.ContentLength or SipHeaderId.MaxForwards or SipHeaderId.Expires => SipValueKind.Number,
                    SipHeaderId.Authorization or SipHeaderId.ProxyAuthorization or SipHeaderId.WwwAuthenticate => SipValueKind.Credentials,
                    _ => SipValueKind.Parameters,
                };
                values[kind].Add(value);
            }
        }

        Values = values.ToDictionary(p => p.Key, p => (IReadOnlyList<byte[]>)(p.Value.Count > 0 ? p.Value : [[]]));
    }

    public IReadOnlyList<SipSeed> Messages { get; }

    public IReadOnlyDictionary<SipValueKind, IReadOnlyList<byte[]>> Values { get; }

    public IReadOnlyList<string> Lists => TextMutator.ListSeeds;

    /// <summary>Every *.sip file under the directories, in name order (so runs with one seed repeat).</summary>
    public static FuzzCorpus Load(params string[] directories)
    {
        var files = directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.sip", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No *.sip seed files under {string.Join(", ", directories)}.");
        }

        return new FuzzCorpus([.. files.Select(f => SipSeed.From(Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f)))]);
    }

    /// <summary>The seed directory next to the running assembly (the build copies Fuzzing/Seeds there).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Seeds");

    public override string ToString()
        => new StringBuilder().Append(Messages.Count).Append(" messages, ")
            .Append(Values.Sum(v => v.Value.Count)).Append(" header values, ")
            .Append(Lists.Count).Append(" lists").ToString();
}
