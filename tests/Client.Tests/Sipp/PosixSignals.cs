using System.Runtime.InteropServices;

namespace OrleansLB.Client.Sipp;

/// <summary>Sends a POSIX signal; .NET's Process.Kill only sends SIGKILL, which loses sipp's final statistics.</summary>
internal static class PosixSignals
{
    /// <summary>sipp writes its final statistics and message counts, then exits at once.</summary>
    public const int Terminate = 15;

    /// <summary>Ends a process at once: its sockets close, so the kernel answers its port with ICMP port unreachable.</summary>
    public const int KillNow = 9;

    /// <summary>Freezes a process: its sockets stay bound and packets to them queue unanswered, like a cut network.</summary>
    public const int Stop = 19;

    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    // DllImport rather than LibraryImport: the source-generated stub needs AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
