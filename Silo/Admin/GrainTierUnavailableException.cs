namespace OrleansLB.Silo.Admin;

/// <summary>The silo has not joined yet, or the grain tier did not answer in time: the admin API answers 503.</summary>
internal sealed class GrainTierUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
