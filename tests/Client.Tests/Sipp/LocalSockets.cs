using System.Globalization;
using System.Net;

namespace OrleansLB.Client.Sipp;

/// <summary>Reads Linux /proc to tell whether a process holds a bound socket on a loopback port.</summary>
/// <remarks>
/// sipp prints nothing reliable when it is ready (its screen goes to stdout only at exit when
/// stdout is not a terminal), and a probe message would start a call in its scenario. The
/// kernel's socket tables answer without side effects: the port must appear in /proc/net/udp
/// (or as LISTEN in /proc/net/tcp) with an inode that is one of the process's open files.
/// </remarks>
internal static class LocalSockets
{
    private const string TcpListen = "0A";

    public static bool IsBoundBy(int processId, IPEndPoint local, bool tcp)
    {
        var inodes = FindInodes(tcp ? "/proc/net/tcp" : "/proc/net/udp", local, tcp);
        if (inodes.Count == 0)
        {
            return false;
        }

        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
            {
                var target = TryReadLink(fd);
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && inodes.Contains(target["socket:[".Length..^1]))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited while its descriptors were listed.
        }

        return false;
    }

    private static HashSet<string> FindInodes(string table, IPEndPoint endPoint, bool tcp)
    {
        // Columns: sl local_address rem_address st ... inode (10th); the address is the IPv4 word in
        // host (little-endian) order, 127.0.0.1 being 0100007F.
        var address = BitConverter.ToUInt32(endPoint.Address.GetAddressBytes());
        var local = address.ToString("X8", CultureInfo.InvariantCulture) + ":" + endPoint.Port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(table).Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length > 9 && columns[1] == local && (!tcp || columns[3] == TcpListen))
            {
                inodes.Add(columns[9]);
            }
        }

        return inodes;
    }

    private static string? TryReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
