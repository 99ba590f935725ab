namespace OrleansLB.Cli;

/// <summary>A parsed command line: the admin API request to send and how to show its answer.</summary>
/// <param name="Verb">The dispatcher verb (list, set_state, reload, add, remove, ping_active, hash).</param>
/// <param name="Method">The HTTP method of the admin API call.</param>
/// <param name="Path">The path and query under the silo's URL.</param>
/// <param name="Body">The JSON body, or null.</param>
internal sealed record CliCommand(string Verb, HttpMethod Method, string Path, string? Body, Uri Url, string? Token, bool Json);
