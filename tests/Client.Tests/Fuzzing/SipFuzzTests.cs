using OrleansLB.Benchmarks.Fuzzing;

namespace OrleansLB.Client.Fuzzing;

/// <summary>
/// The short, deterministic run of the fuzzer (tests/Benchmarks/Fuzzing) that CI does on every
/// build: every parser entry point over mutated real messages, streams, header values,
/// dispatcher.list texts and configurations. The bench mode runs the same for millions of inputs.
/// </summary>
public sealed class SipFuzzTests
{
    private const ulong Seed = 20_261_122;
    private const int Count = 25_000;

    private static readonly Lazy<FuzzCorpus> Corpus = new(() => FuzzCorpus.Load(FuzzCorpus.DefaultDirectory));

    [Fact]
    public void Run_ShortDeterministicRun_NoFailureAndBothOutcomesForEverySipTarget()
    {
        var report = new FuzzRunner(Corpus.Value).Run(Seed, Count);

        Assert.True(report.FailureCount == 0, report.ToString());
        foreach (var target in (FuzzTarget[])[FuzzTarget.Message, FuzzTarget.Stream, FuzzTarget.HeaderValue, FuzzTarget.DispatcherList])
        {
            Assert.True(report.Targets[target].Parsed > 0 && report.Targets[target].Rejected > 0, $"{target} was not both accepted and refused:\n{report}");
        }

        Assert.True(report.Targets[FuzzTarget.Configuration].Inputs > 0, report.ToString());

        // Work per input is bounded: the slowest inputs, run again, take far less than a second.
        Assert.True(report.MaxWorkPerInput < TimeSpan.FromSeconds(1), report.ToString());
    }

    [Fact]
    public void Generate_SameSeedAndIndex_SameInput()
    {
        var runner = new FuzzRunner(Corpus.Value);

        var first = runner.Generate(Seed, 12_345);
        _ = runner.Generate(Seed, 7);
        var again = runner.Generate(Seed, 12_345);

        Assert.Equal(first.Target, again.Target);
        Assert.Equal(first.Input, again.Input);
        Assert.NotEqual(first.Input, runner.Generate(Seed + 1, 12_345).Input);
    }

    [Fact]
    public void Corpus_HoldsTortureCapturedAndScannerSeeds()
    {
        var names = Corpus.Value.Messages.Select(m => m.Name).ToHashSet();

        Assert.Contains("wsinv", names);
        Assert.Contains("svmap-invite", names);
        Assert.Contains(names, n => n.StartsWith("invite-udp", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("resp-200-tcp", StringComparison.Ordinal));
        Assert.True(Corpus.Value.Messages.Count >= 80, Corpus.Value.ToString());
    }

    [Fact]
    public void Oracle_ValidMessageParsedTruncatedOneRejected()
    {
        var oracle = new SipFuzzOracle();

        Assert.Equal(FuzzOutcome.Rejected, oracle.RunMessage("INVITE sip:a@b SIP/2.0\r\n"u8.ToArray()));
        Assert.Equal(FuzzOutcome.Parsed, oracle.RunMessage(System.Text.Encoding.ASCII.GetBytes(Sip.SipSamples.Invite)));
    }
}
