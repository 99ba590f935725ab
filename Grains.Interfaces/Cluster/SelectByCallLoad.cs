namespace OrleansLB.Grains.Interfaces.Cluster;

/// <summary>Algorithm 10 in the call-load grain: select and count in one step; the answer is a <see cref="Messages.CallLoadSelection"/>.</summary>
internal sealed record SelectByCallLoad(int SetId, string CallId, int Limit);
