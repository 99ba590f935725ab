using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Configuration;
using OrleansLB.Grains.Dispatching;

namespace OrleansLB.Silo.Admin;

/// <summary>
/// The admin API's settings (section <c>Admin</c>) and the hash settings its <c>hash</c> verb
/// must share with the edges (<c>Dispatcher:HashPlacement</c>, <c>Dispatcher:HashUserOnly</c>).
/// </summary>
/// <param name="Token">The bearer token every change needs; empty: one is generated at start and written to <paramref name="TokenFile"/>.</param>
/// <param name="TokenFile">Where a generated token is written (mode 0600), for the CLI on the same machine.</param>
/// <param name="MaxBodyBytes">The largest request body accepted; a larger one is answered 413.</param>
internal sealed record AdminOptions(string Token, string TokenFile, int MaxBodyBytes, SelectionOptions Selection)
{
    public const string SectionName = "Admin";

    public const string DefaultTokenFile = "./data/admin.token";

    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>A shorter configured token is refused: it could be guessed.</summary>
    public const int MinTokenLength = 16;

    public static AdminOptions Read(IConfiguration configuration, List<string> problems)
    {
        var admin = new SectionReader(configuration.GetSection(SectionName), problems);
        var token = admin.String(nameof(Token)) ?? string.Empty;
        var tokenFile = admin.String(nameof(TokenFile)) ?? DefaultTokenFile;
        var maxBody = admin.Int(nameof(MaxBodyBytes), DefaultMaxBodyBytes, 1024, 1024 * 1024);
        admin.RejectUnknownKeys();
        if (token.Length > 0 && (token.Length < MinTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            admin.Error(nameof(Token), $"give at least {MinTokenLength} characters with no spaces (for example `openssl rand -hex 32`), or leave it empty to have one generated into {tokenFile}");
        }

        if (token.Length == 0 && string.IsNullOrWhiteSpace(tokenFile))
        {
            admin.Error(nameof(TokenFile), "give a path where the generated admin token is written, or set Admin:Token");
        }

        // The same keys the edges read (Client/Configuration/DispatcherConfiguration), so `hash` answers what an edge would pick.
        var dispatcher = new SectionReader(configuration.GetSection("Dispatcher"), problems);
        var selection = new SelectionOptions
        {
            HashPlacement = dispatcher.Enum(nameof(SelectionOptions.HashPlacement), HashPlacement.Stable),
            HashUserOnly = dispatcher.Bool(nameof(SelectionOptions.HashUserOnly), false),
        };
        return new AdminOptions(token, tokenFile, maxBody, selection);
    }
}
