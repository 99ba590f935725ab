namespace OrleansLB.Silo.Admin;

/// <summary>The answer to set_state, add and remove: how many destinations the change touched, and the set as it now is (stored and pushed to every edge).</summary>
internal sealed record ChangeResponse(int Matched, SetView Set);
