using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrleansLB.Grains.Configuration;

namespace OrleansLB.Benchmarks.Fuzzing;

/// <summary>
/// Generates inputs from a seed and an index (so every input can be made again alone), runs each
/// through its entry point and oracle, times it, and keeps every failure. A watchdog reports an
/// input still running after <see cref="HangThreshold"/> as a hang. One thread; one run at a time.
/// </summary>
internal sealed class FuzzRunner
{
    private const int Weights = 10_000;

    private readonly FuzzCorpus _corpus;
    private readonly SipMutator _mutator;
    private readonly SipFuzzOracle _sip = new();
    private readonly ConfigurationFuzzOracle _configuration = new();
    private readonly FuzzRandom _random = new(0);
    private long _currentIndex = -1;
    private long _currentStart;
    private byte[] _currentInput = [];
    private FuzzTarget _currentTarget;

    public FuzzRunner(FuzzCorpus corpus)
    {
        _corpus = corpus;
        _mutator = new SipMutator(corpus.Messages);
    }

    public TimeSpan HangThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where failing inputs are written (one .bin and one .txt each); none when null.</summary>
    public string? CrashDirectory { get; init; }

    /// <summary>Failures kept in the report with their inputs (all are counted).</summary>
    public int MaxFailuresKept { get; init; } = 100;

    public FuzzReport Run(ulong seed, long count, Action<FuzzReport>? progress = null, long progressEvery = 1_000_000)
    {
        var report = new FuzzReport { Seed = seed, Count = count };
        var clock = Stopwatch.StartNew();
        using var watchdog = new Timer(_ => CheckHang(report, seed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        for (long index = 0; index < count; index++)
        {
            RunOne(seed, index, report);
            report.Done = index + 1;
            if (progress is not null && (index + 1) % progressEvery == 0)
            {
                report.Elapsed = clock.Elapsed;
                progress(report);
            }
        }

        Volatile.Write(ref _currentIndex, -1);
        report.Elapsed = clock.Elapsed;
        report.UnparseableBadRequests = _sip.UnparseableBadRequests;
        report.FramerParserDisagreements = _sip.FramerParserDisagreements;
        report.Frames = _sip.Frames;
        report.FramingErrors = _sip.FramingErrors;
        Remeasure(seed, report);
        return report;
    }

    /// <summary>
    /// Runs the slowest inputs again, best of three: on a shared machine a single time includes
    /// being descheduled and GC pauses, so the re-run tells the work an input needs from the noise.
    /// </summary>
    private void Remeasure(ulong seed, FuzzReport report)
    {
        foreach (var (ticks, index) in report.Slowest.Where(s => s.Index >= 0).OrderByDescending(s => s.Ticks))
        {
            var best = long.MaxValue;
            var target = FuzzTarget.Message;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var single = new FuzzReport { Seed = seed, Count = 1 };
                RunOne(seed, index, single);
                var (t, stats) = single.Targets.First(p => p.Value.Inputs > 0);
                target = t;
                best = Math.Min(best, stats.MaxTicks);
            }

            report.Remeasured.Add((target, index, ticks, best));
        }
    }

    /// <summary>Input <paramref name="index"/> of the run with <paramref name="seed"/>, as its target gets it (text targets as UTF-8).</summary>
    public (FuzzTarget Target, byte[] Input) Generate(ulong seed, long index)
    {
        _random.Reset(seed, (ulong)index);
        var target = PickTarget();
        return target switch
        {
            FuzzTarget.Message => (target, _mutator.Mutate(_random)),
            FuzzTarget.Stream => (target, MakeStream()),
            FuzzTarget.HeaderValue => (target, MakeValue(out _)),
            FuzzTarget.DispatcherList => (target, Encoding.UTF8.GetBytes(TextMutator.MutateList(_corpus.Lists[_random.Next(_corpus.Lists.Count)], _random))),
            _ => (target, Encoding.UTF8.GetBytes(string.Join('\n', ConfigurationFuzzOracle.MutateConfiguration(_random).Select(p => $"{p.Key}={p.Value}")))),
        };
    }

    private void RunOne(ulong seed, long index, FuzzReport report)
    {
        _random.Reset(seed, (ulong)index);
        var target = PickTarget();
        _currentTarget = target;
        FuzzOutcome? outcome = null;
        long started = 0;
        long ticks = 0;
        try
        {
            switch (target)
            {
                case FuzzTarget.Message:
                    var message = _mutator.Mutate(_random);
                    Begin(index, message, out started);
                    outcome = _sip.RunMessage(message);
                    ticks = Stopwatch.GetTimestamp() - started;
                    report.Statuses[_sip.LastStatus] = report.Statuses.GetValueOrDefault(_sip.LastStatus) + 1;
                    break;
                case FuzzTarget.Stream:
                    var stream = MakeStream();
                    Begin(index, stream, out started);
                    outcome = _sip.RunStream(stream, _random);
                    ticks = Stopwatch.GetTimestamp() - started;
                    break;
                case FuzzTarget.HeaderValue:
                    var value = MakeValue(out var kind);
                    Begin(index, value, out started);
                    outcome = SipFuzzExercise.Value(kind, value) ? FuzzOutcome.Parsed : FuzzOutcome.Rejected;
                    ticks = Stopwatch.GetTimestamp() - started;
                    break;
                case FuzzTarget.DispatcherList:
                    var list = TextMutator.MutateList(_corpus.Lists[_random.Next(_corpus.Lists.Count)], _random);
                    var mode = _random.Chance(50) ? DispatcherListLoadMode.Strict : DispatcherListLoadMode.SkipInvalid;
                    Begin(index, null, out started);
                    outcome = _configuration.RunList(list, mode);
                    ticks = Stopwatch.GetTimestamp() - started;
                    _currentInput = Encoding.UTF8.GetBytes(list);
                    break;
                default:
                    var values = ConfigurationFuzzOracle.MutateConfiguration(_random);
                    Begin(index, null, out started);
                    outcome = _configuration.RunConfiguration(values);
                    ticks = Stopwatch.GetTimestamp() - started;
                    break;
            }
        }
        catch (Exception e)
        {
            ticks = Stopwatch.GetTimestamp() - started;
            if (target is FuzzTarget.DispatcherList or FuzzTarget.Configuration)
            {
                _currentInput = Generate(seed, index).Input;
            }

            Fail(report, new FuzzFailure(target, index, e is FuzzViolation ? "violation" : e.GetType().Name, e.Message, _currentInput), seed);
        }

        Volatile.Write(ref _currentIndex, -1);
        report.Targets[target].Record(index, ticks, outcome);
        report.RecordTime(ticks, index);
    }

    private void Begin(long index, byte[]? input, out long started)
    {
        _currentInput = input ?? [];
        started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _currentStart, started);
        Volatile.Write(ref _currentIndex, index);
    }

    private FuzzTarget PickTarget() => _random.Next(Weights) switch
    {
        < 7000 => FuzzTarget.Message,
        < 8200 => FuzzTarget.Stream,
        < 9795 => FuzzTarget.HeaderValue,
        < 9995 => FuzzTarget.DispatcherList,
        _ => FuzzTarget.Configuration,
    };

    private byte[] MakeStream()
    {
        var parts = new List<byte>();
        var messages = _random.Next(1, 4);
        for (var i = 0; i < messages; i++)
        {
            if (_random.Chance(20))
            {
                parts.AddRange(_random.Chance(50) ? "\r\n\r\n"u8 : "\r\n"u8);
            }

            parts.AddRange(_mutator.Mutate(_random));
        }

        return [.. parts];
    }

    private byte[] MakeValue(out SipValueKind kind)
    {
        kind = (SipValueKind)_random.Next(Enum.GetValues<SipValueKind>().Length);
        var values = _corpus.Values[kind];
        var value = values[_random.Next(values.Count)];
        var edits = _random.Next(0, 4);
        for (var i = 0; i < edits; i++)
        {
            value = ByteMutations.Mutate(value, _random);
        }

        return value;
    }

    private void Fail(FuzzReport report, FuzzFailure failure, ulong seed)
    {
        lock (report)
        {
            report.FailureCount++;
            if (report.Failures.Count < MaxFailuresKept)
            {
                report.Failures.Add(failure);
            }
        }

        if (CrashDirectory is not null)
        {
            Directory.CreateDirectory(CrashDirectory);
            var name = Path.Combine(CrashDirectory, string.Create(CultureInfo.InvariantCulture, $"{failure.Target}-{seed}-{failure.Index}"));
            File.WriteAllBytes(name + ".bin", failure.Input);
            File.WriteAllText(name + ".txt", failure.ToString());
        }
    }

    private void CheckHang(FuzzReport report, ulong seed)
    {
        var index = Volatile.Read(ref _currentIndex);
        if (index < 0 || Stopwatch.GetElapsedTime(Volatile.Read(ref _currentStart)) < HangThreshold)
        {
            return;
        }

        lock (report)
        {
            if (report.Failures.Any(f => f.Index == index && f.Kind == "hang"))
            {
                return;
            }
        }

        Fail(report, new FuzzFailure(_currentTarget, index, "hang", $"still running after {HangThreshold.TotalSeconds} s", _currentInput), seed);
    }
}
