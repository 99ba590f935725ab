namespace OrleansLB.Silo.Deployment;

/// <summary>A configuration key the manifests set, and where (an environment variable or a mounted file).</summary>
internal sealed record ConfigurationSetting(string Key, string? Value, string Origin);
