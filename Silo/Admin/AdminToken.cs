using System.Security.Cryptography;
using System.Text;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The admin API's bearer token. Compared in constant time over SHA-256 digests, so neither the
/// content nor the length of the expected token leaks through timing.
/// </summary>
internal sealed class AdminToken
{
    private readonly byte[] _digest;

    private AdminToken(string token, string? generatedFile)
    {
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        GeneratedFile = generatedFile;
    }

    /// <summary>Where a generated token was written; null when the token was configured.</summary>
    public string? GeneratedFile { get; }

    /// <summary>The configured token, or a new random one written to <see cref="AdminOptions.TokenFile"/> (readable by the owner only).</summary>
    public static AdminToken Create(AdminOptions options)
    {
        if (options.Token.Length > 0)
        {
            return new AdminToken(options.Token, null);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var path = Path.GetFullPath(options.TokenFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Written under a temporary name with its mode set at creation, then renamed: the token is never readable by others, not even for a moment.
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, create))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(token);
            writer.Write('\n');
        }

        File.Move(temporary, path, overwrite: true);
        return new AdminToken(token, path);
    }

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _digest);
}
