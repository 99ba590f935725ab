namespace OrleansLB.Silo.Admin;

/// <summary>One silo with an in-process edge shared by a test class; each test uses its own destinations.</summary>
public sealed class AdminSiloFixture : IAsyncLifetime
{
    internal AdminSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await AdminSilo.StartAsync(withEdge: true);

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
