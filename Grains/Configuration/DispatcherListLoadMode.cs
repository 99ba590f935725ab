namespace OrleansLB.Grains.Configuration;

/// <summary>What a bad line does to a <c>dispatcher.list</c> load: Kamailio's <c>ds_load_mode</c> modparam.</summary>
internal enum DispatcherListLoadMode
{
    /// <summary><c>ds_load_mode=1</c>: any bad line fails the whole load (every bad line is still reported).</summary>
    Strict,

    /// <summary><c>ds_load_mode=0</c>, Kamailio's default: bad lines are skipped with a warning and the good ones load.</summary>
    SkipInvalid,
}
