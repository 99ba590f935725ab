namespace OrleansLB.Silo.Deployment;

/// <summary>One <c>FROM</c> and the instructions after it.</summary>
/// <param name="From">What follows FROM: the image, and <c>AS name</c> when given.</param>
internal sealed record DockerfileStage(string From, IReadOnlyList<DockerfileInstruction> Instructions)
{
    public string Image => From.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string? Last(string keyword) => All(keyword).LastOrDefault();
}
