using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using OrleansLB.Grains.Observability;

namespace OrleansLB.Client.Observability;

/// <summary>
/// The process basics under the names every Prometheus client uses (<c>process_cpu_seconds_total</c>,
/// <c>process_resident_memory_bytes</c>, <c>process_start_time_seconds</c>, <c>process_open_fds</c> …),
/// so standard dashboards and alerts work; the runtime's own meter adds the <c>dotnet_*</c> families.
/// </summary>
internal sealed class ProcessMetrics : IMetricsSource
{
    public const string MeterName = "OrleansLB.Process";

    private static readonly double StartTime = Process.GetCurrentProcess().StartTime.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds;

    public ProcessMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableCounter("process.cpu", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "Total user and system CPU time spent in seconds.");
        meter.CreateObservableGauge("process.resident_memory", () => Environment.WorkingSet, "By", "Resident memory size in bytes.");
        meter.CreateObservableGauge("process.virtual_memory", VirtualMemory, "By", "Virtual memory size in bytes.");
        meter.CreateObservableGauge("process.start_time", () => StartTime, "s", "Start time of the process since unix epoch in seconds.");
        if (OperatingSystem.IsLinux())
        {
            meter.CreateObservableGauge("process.open_fds", OpenFileDescriptors, "{fd}", "Number of open file descriptors.");
            meter.CreateObservableGauge("process.max_fds", MaxFileDescriptors, "{fd}", "Maximum number of open file descriptors.");
        }
    }

    public void Prepare()
    {
    }

    private static long VirtualMemory()
    {
        using var process = Process.GetCurrentProcess();
        return process.VirtualMemorySize64;
    }

    private static IEnumerable<Measurement<long>> OpenFileDescriptors()
    {
        try
        {
            return [new Measurement<long>(Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount())];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static IEnumerable<Measurement<long>> MaxFileDescriptors()
    {
        try
        {
            // "Max open files            1048576              1048576              files"
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? [new Measurement<long>(max)] : [];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
