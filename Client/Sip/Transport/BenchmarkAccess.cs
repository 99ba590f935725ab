using System.Runtime.CompilerServices;

// The transport benchmarks drive internal types. Belongs in Client.csproj next to the tests'
// InternalsVisibleTo; kept here because this branch may not edit project files.
[assembly: InternalsVisibleTo("OrleansLB.Benchmarks")]
