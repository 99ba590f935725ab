namespace OrleansLB.Silo.Deployment;

/// <summary>One instruction: its keyword in capitals and the rest of the (joined) line.</summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments);
