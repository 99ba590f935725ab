namespace OrleansLB.Client.Sip.Torture;

/// <summary>Loads the RFC 4475 messages kept as byte-exact .sip files next to the tests.</summary>
internal static class TortureMessages
{
    public static byte[] Load(string name)
        => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Sip", "Torture", name + ".sip"));

    public static IEnumerable<string> All()
        => Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Sip", "Torture"), "*.sip")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
}
