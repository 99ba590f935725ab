using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class TimerWheelTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly List<string> _fired = [];

    [Fact]
    public void Arm_FiresAtItsDueTime_NotBefore_AndOnce()
    {
        var wheel = new TimerWheel(_clock);
        Timer(wheel, "a").Arm(TimeSpan.FromMilliseconds(503));

        _clock.Advance(TimeSpan.FromMilliseconds(502));
        Assert.Empty(_fired);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["a"], _fired);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Arm_Again_MovesTheTimer_AndDisarm_CancelsIt()
    {
        var wheel = new TimerWheel(_clock);
        var moved = Timer(wheel, "moved");
        var cancelled = Timer(wheel, "cancelled");
        moved.Arm(TimeSpan.FromMilliseconds(100));
        cancelled.Arm(TimeSpan.FromMilliseconds(100));

        moved.Arm(TimeSpan.FromSeconds(2));
        cancelled.Disarm();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_fired);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["moved"], _fired);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Timers_InTheSameSlot_AndARoundOrMoreAway_EachFireAtTheirOwnTime()
    {
        var wheel = new TimerWheel(_clock);
        var dues = new[] { 1, 4, 9, 10_000, 32_000, 41_000, 41_004, 90_000 };
        foreach (var ms in dues)
        {
            Timer(wheel, ms.ToString(System.Globalization.CultureInfo.InvariantCulture)).Arm(TimeSpan.FromMilliseconds(ms));
        }

        var firedAt = new Dictionary<string, int>();
        for (var ms = 1; ms <= 90_000; ms++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            foreach (var name in _fired.Except(firedAt.Keys).ToList())
            {
                firedAt[name] = ms;
            }
        }

        Assert.Equal(dues.ToDictionary(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), firedAt);
    }

    [Fact]
    public void ClockJumpsMinutes_EveryDueTimerFiresOnce_InOneFiring_TheRestWait()
    {
        var wheel = new TimerWheel(_clock);
        for (var s = 1; s <= 200; s++)
        {
            Timer(wheel, $"t{s}").Arm(TimeSpan.FromSeconds(s));
        }

        _clock.Advance(TimeSpan.FromSeconds(150));

        Assert.Equal(150, _fired.Count);
        Assert.Equal(150, _fired.Distinct().Count());
        Assert.Equal(50, wheel.Count);
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(200, _fired.Count);
    }

    [Fact]
    public void ArmedFromACallback_FiresOnTheNextFiring()
    {
        var wheel = new TimerWheel(_clock);
        TimerWheel.Entry? again = null;
        again = wheel.Create(_ =>
        {
            _fired.Add("again");
            if (_fired.Count < 3)
            {
                again!.Arm(TimeSpan.Zero);
            }
        }, this);
        again.Arm(TimeSpan.FromMilliseconds(10));

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(3, _fired.Count);
    }

    [Fact]
    public void CallbackThrows_TheOthersStillFire_AndTheFailureSurfaces()
    {
        var wheel = new TimerWheel(_clock);
        wheel.Create(_ => throw new InvalidOperationException("boom"), this).Arm(TimeSpan.FromMilliseconds(5));
        Timer(wheel, "after").Arm(TimeSpan.FromMilliseconds(5));

        var thrown = Assert.Throws<InvalidOperationException>(() => _clock.Advance(TimeSpan.FromMilliseconds(5)));

        Assert.Equal("boom", thrown.Message);
        Assert.Equal(["after"], _fired);
    }

    [Fact]
    public void DisarmedByAnEarlierCallbackOfTheSameFiring_DoesNotRun()
    {
        var wheel = new TimerWheel(_clock);
        var victim = Timer(wheel, "victim");
        victim.Arm(TimeSpan.FromMilliseconds(5));

        // Armed after the victim in the same slot, so it is taken due first.
        wheel.Create(_ =>
        {
            _fired.Add("killer");
            victim.Disarm();
        }, this).Arm(TimeSpan.FromMilliseconds(5));
        _clock.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal(["killer"], _fired);
    }

    [Fact]
    public void Arm_Infinite_Disarms_Negative_IsRefused()
    {
        var wheel = new TimerWheel(_clock);
        var timer = Timer(wheel, "never");
        timer.Arm(TimeSpan.FromMilliseconds(5));

        timer.Arm(Timeout.InfiniteTimeSpan);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_fired);
        Assert.Equal(0, wheel.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Arm(TimeSpan.FromMilliseconds(-2)));
    }

    private TimerWheel.Entry Timer(TimerWheel wheel, string name) => wheel.Create(_ => _fired.Add(name), this);
}
