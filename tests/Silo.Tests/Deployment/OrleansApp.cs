namespace OrleansLB.Silo.Deployment;

/// <summary>One of the two programs the manifests run: where its source, project and Dockerfile are.</summary>
internal sealed record OrleansApp(string Component, string ProjectDirectory, string Project)
{
    public static readonly OrleansApp Silo = new("silo", "Silo", "Silo/Silo.csproj");

    public static readonly OrleansApp Edge = new("edge", "Client", "Client/Client.csproj");

    public static OrleansApp Named(string component) => component == Silo.Component ? Silo : component == Edge.Component ? Edge
        : throw new ArgumentException($"'{component}' is neither silo nor edge", nameof(component));

    public string Dockerfile => Repository.PathOf(ProjectDirectory, "Dockerfile");

    public override string ToString() => Component;
}
