namespace OrleansLB.Silo.Admin;

/// <summary><c>dispatcher.add</c>: a line of <c>dispatcher.list</c> as JSON (the set is in the path).</summary>
/// <param name="Flags">Kamailio's bits: 1 inactive, 2 trying, 4 disabled, 8 probing, 16 no DNS, 32 no ping; 0 when left out.</param>
/// <param name="Attrs">Kamailio's <c>name=value;name=value</c>, e.g. <c>duid=ast4;weight=20;maxload=100</c>.</param>
internal sealed record AddDestinationRequest(string? Uri, int? Flags = null, int? Priority = null, string? Attrs = null, string? Description = null);
