using System.Runtime.CompilerServices;

// The SIP benchmarks measure internal types; Client.csproj lists only the tests (move this there when it can be edited).
[assembly: InternalsVisibleTo("OrleansLB.Benchmarks")]
