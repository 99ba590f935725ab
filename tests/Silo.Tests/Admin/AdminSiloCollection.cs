namespace OrleansLB.Silo.Admin;

/// <summary>The admin tests that run real silos take turns: the machine is small and shared.</summary>
[CollectionDefinition(Name)]
public sealed class AdminSiloCollection
{
    public const string Name = "admin silos";
}
