using System.Text.RegularExpressions;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// The C# source an app is built from: its project and every project it references, transitively.
/// Answers whether the code reads a configuration key or maps an HTTP path, from the source text:
/// a key segment counts as read when it is a string literal or a colon-separated part of one
/// (<c>"Dispatcher:ListFile"</c>), a <c>nameof(...)</c> target, or a property of a bound options type.
/// </summary>
internal sealed partial class AppSource
{
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sections = new(StringComparer.Ordinal);

    private AppSource(IReadOnlyList<string> projects, string text)
    {
        Projects = projects;
        Text = text;
        foreach (Match literal in StringLiteral().Matches(text))
        {
            var parts = literal.Groups[1].Value.Split(':');
            _sections.Add(parts[0]);
            _words.UnionWith(parts);
        }

        _words.UnionWith(NameOf().Matches(text).Select(m => m.Groups[1].Value));
        _words.UnionWith(Property().Matches(text).Select(m => m.Groups[1].Value));
    }

    /// <summary>The project files, relative to the repository root.</summary>
    public IReadOnlyList<string> Projects { get; }

    public string Text { get; }

    public static AppSource For(OrleansApp app)
    {
        var projects = new List<string>();
        var pending = new Stack<string>([Repository.PathOf(app.Project)]);
        while (pending.TryPop(out var project))
        {
            project = Path.GetFullPath(project);
            if (projects.Contains(project))
            {
                continue;
            }

            projects.Add(project);
            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(project)))
            {
                pending.Push(Path.Combine(Path.GetDirectoryName(project)!, reference.Groups[1].Value.Replace('\\', '/')));
            }
        }

        var text = string.Join('\n', projects
            .SelectMany(p => Directory.EnumerateFiles(Path.GetDirectoryName(p)!, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText));
        return new AppSource([.. projects.Select(p => Path.GetRelativePath(Repository.Root, p))], text);
    }

    /// <summary>The first segment of <paramref name="key"/> the code does not name, or null when it names them all (list indexes skipped).</summary>
    public string? UnreadSegment(string key)
    {
        var segments = key.Split(':').Where(s => !s.All(char.IsAsciiDigit)).ToList();
        if (!_sections.Contains(segments[0]))
        {
            return segments[0];
        }

        return segments.Skip(1).FirstOrDefault(s => !_words.Contains(s));
    }

    /// <summary>Whether an endpoint is mapped at <paramref name="path"/>: <c>Map*("/path"</c> (MapGet, MapHealthChecks…).</summary>
    public bool MapsPath(string path) =>
        Regex.IsMatch(Text, $@"\.Map\w*\(\s*""{Regex.Escape(path)}""", RegexOptions.None, TimeSpan.FromSeconds(5));

    public override string ToString() => string.Join(", ", Projects);

    [GeneratedRegex(@"""([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_]+)*)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"nameof\((?:[A-Za-z0-9_]+\.)*([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex NameOf();

    [GeneratedRegex(@"\b([A-Z][A-Za-z0-9_]*)\s*\{\s*get;")]
    private static partial Regex Property();

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();
}
