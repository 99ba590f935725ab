using FsCheck.Xunit;
using OrleansLB.Grains.Interfaces.Model;

namespace OrleansLB.Grains.Health;

/// <summary>Invariants of <see cref="DestinationStateMachine"/> over random probe histories.</summary>
public sealed class DestinationStateMachinePropertyTests
{
    private const DestinationFlags Configuration = DestinationFlags.NoPing | DestinationFlags.NoDnsResolve;

    [Property]
    public void Probing_AnyHistory_NeverTouchesDisabledOrConfiguration(byte modeSeed, byte thresholdSeed, byte flagsSeed, byte[] events)
    {
        var (machine, _) = Machine(modeSeed, thresholdSeed);
        var health = new DestinationHealth((DestinationFlags)(flagsSeed % 64), 0, 0, default);
        var kept = health.Flags & (DestinationFlags.Disabled | Configuration);

        foreach (var e in events ?? [])
        {
            health = Apply(machine, health, e).Next;

            Assert.Equal(kept, health.Flags & (DestinationFlags.Disabled | Configuration));
        }
    }

    [Property]
    public void Probing_AnyHistory_InactiveOnlyAfterThresholdFailuresAndBackOnlyAfterThresholdSuccesses(
        byte modeSeed, byte thresholdSeed, byte flagsSeed, byte[] events)
    {
        var (machine, options) = Machine(modeSeed, thresholdSeed);
        var health = new DestinationHealth((DestinationFlags)(flagsSeed % 64) & ~DestinationFlags.Disabled, 0, 0, default);
        var history = new List<bool>();

        foreach (var e in events ?? [])
        {
            var wasInactive = health.Has(DestinationFlags.Inactive);
            (health, var change) = Apply(machine, health, e);
            history.Add(IsAlive(e));
            var isInactive = health.Has(DestinationFlags.Inactive);

            if (!wasInactive && isInactive)
            {
                Assert.Equal(StateChange.Down, change);
                Assert.True(history.Count >= options.ProbingThreshold && history.TakeLast(options.ProbingThreshold).All(alive => !alive));
            }

            if (wasInactive && !isInactive)
            {
                Assert.Equal(StateChange.Up, change);
                Assert.True(history.Count >= options.InactiveThreshold && history.TakeLast(options.InactiveThreshold).All(alive => alive));
            }
        }
    }

    [Property]
    public void Probing_AnyHistory_CountersStayBelowThresholdsAndMatchState(byte modeSeed, byte thresholdSeed, byte flagsSeed, byte[] events)
    {
        var (machine, options) = Machine(modeSeed, thresholdSeed);
        var health = new DestinationHealth((DestinationFlags)(flagsSeed % 64), 0, 0, default);

        foreach (var e in events ?? [])
        {
            health = Apply(machine, health, e).Next;

            Assert.InRange(health.FailureCount, 0, options.ProbingThreshold - 1);
            Assert.InRange(health.SuccessCount, 0, options.InactiveThreshold - 1);
            Assert.True(health.FailureCount == 0 || !health.Has(DestinationFlags.Inactive));
            Assert.True(health.SuccessCount == 0 || health.Has(DestinationFlags.Inactive));
        }
    }

    private static (DestinationStateMachine Machine, HealthOptions Options) Machine(byte modeSeed, byte thresholdSeed)
    {
        var options = new HealthOptions
        {
            ProbingMode = (ProbingMode)(modeSeed % 4),
            ProbingThreshold = 1 + (thresholdSeed % 4),
            InactiveThreshold = 1 + (thresholdSeed / 4 % 4),
        };
        return (new DestinationStateMachine(options), options);
    }

    // Events: 0 a 200, 1 a 503, 2 a timeout.
    private static (DestinationHealth Next, StateChange Change) Apply(DestinationStateMachine machine, DestinationHealth health, byte e) =>
        (e % 3) switch
        {
            0 => machine.OnProbeReply(health, 200, TimeSpan.FromMilliseconds(e)),
            1 => machine.OnProbeReply(health, 503, TimeSpan.FromMilliseconds(e)),
            _ => machine.OnProbeTimeout(health),
        };

    private static bool IsAlive(byte e) => e % 3 == 0;
}
