using BenchmarkDotNet.Attributes;
using OrleansLB.Grains.Dispatching;
using OrleansLB.Grains.Dispatching.Policies;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Benchmarks.Dispatching;

/// <summary>
/// One pick with the full failover list by each hash algorithm on a 10-destination set, in both
/// placements, with keys from RFC 3261's example messages. Target: under 200 ns and 0 B.
/// dotnet run -c Release --project tests/Benchmarks -- --filter '*HashPolicyBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class HashPolicyBenchmarks
{
    private static readonly byte[] CallIdBytes = "a84b4c76e66710@pc33.atlanta.com"u8.ToArray();
    private static readonly byte[] FromUriBytes = "sip:alice@atlanta.com"u8.ToArray();
    private static readonly byte[] ToUriBytes = "sip:bob@biloxi.com:5080"u8.ToArray();
    private static readonly byte[] RequestUriBytes = "sip:bob@192.0.2.4;transport=tcp"u8.ToArray();
    private static readonly byte[] AuthUsernameBytes = "alice"u8.ToArray();
    private static readonly byte[] HashValueBytes = "tenant-42"u8.ToArray();

    private readonly int[] _order = new int[10];
    private readonly ISelectionPolicy _callId = new HashCallIdPolicy();
    private readonly ISelectionPolicy _fromUri = new HashFromUriPolicy();
    private readonly ISelectionPolicy _toUri = new HashToUriPolicy();
    private readonly ISelectionPolicy _requestUri = new HashRequestUriPolicy();
    private readonly ISelectionPolicy _authUsername = new HashAuthUsernamePolicy();
    private readonly ISelectionPolicy _hashValue = new HashValuePolicy();
    private DestinationSet _set = null!;
    private SelectionContext _context = null!;

    [Params(HashPlacement.Stable, HashPlacement.KamailioCompatible)]
    public HashPlacement Placement { get; set; }

    /// <summary>Equal weights take the rendezvous shortcut; weighted sets pay a logarithm per destination.</summary>
    [Params(false, true)]
    public bool Weighted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _set = DestinationSet.Create(1, Enumerable.Range(1, 10).Select(i =>
        {
            DestinationAttributes.TryParse(Weighted ? $"weight={i * 5}" : null, out var attributes, out _);
            return new Destination($"sip:10.0.0.{i}:5060", DestinationFlags.None, 0, attributes);
        }));
        _context = new SelectionContext(new SelectionOptions { HashPlacement = Placement }, new Random(1));
    }

    [Benchmark]
    public int HashCallId() => _callId.Select(_set, new SelectionRequest { CallId = CallIdBytes }, _context, _order);

    [Benchmark]
    public int HashFromUri() => _fromUri.Select(_set, new SelectionRequest { FromUri = FromUriBytes }, _context, _order);

    [Benchmark]
    public int HashToUri() => _toUri.Select(_set, new SelectionRequest { ToUri = ToUriBytes }, _context, _order);

    [Benchmark]
    public int HashRequestUri() => _requestUri.Select(_set, new SelectionRequest { RequestUri = RequestUriBytes }, _context, _order);

    [Benchmark]
    public int HashAuthUsername() => _authUsername.Select(_set, new SelectionRequest { AuthUsername = AuthUsernameBytes }, _context, _order);

    [Benchmark]
    public int HashValue() => _hashValue.Select(_set, new SelectionRequest { HashValue = HashValueBytes }, _context, _order);
}
