namespace OrleansLB.Silo.Deployment;

/// <summary>
/// A Dockerfile read into its build stages (instructions with continuation lines joined, comments
/// dropped): enough to check it without a Docker engine, which CI does not have.
/// </summary>
internal sealed record Dockerfile(IReadOnlyList<DockerfileStage> Stages)
{
    public DockerfileStage Final => Stages[^1];

    public static Dockerfile Read(string path)
    {
        var stages = new List<(string From, List<DockerfileInstruction> Instructions)>();
        var logical = string.Empty;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && logical.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                logical += line[..^1] + " ";
                continue;
            }

            logical += line;
            if (logical.Length == 0)
            {
                continue;
            }

            var space = logical.IndexOf(' ');
            var keyword = (space < 0 ? logical : logical[..space]).ToUpperInvariant();
            var arguments = space < 0 ? string.Empty : logical[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                stages.Add((arguments, new List<DockerfileInstruction>()));
            }
            else if (stages.Count == 0)
            {
                throw new InvalidOperationException($"{path}: {keyword} before the first FROM");
            }
            else
            {
                stages[^1].Instructions.Add(new DockerfileInstruction(keyword, arguments));
            }

            logical = string.Empty;
        }

        return new Dockerfile([.. stages.Select(s => new DockerfileStage(s.From, s.Instructions))]);
    }
}
