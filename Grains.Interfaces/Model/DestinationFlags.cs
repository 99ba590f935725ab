namespace OrleansLB.Grains.Interfaces.Model;

/// <summary>
/// Destination state bits with Kamailio's values (dispatch.h), so flags read from a
/// <c>dispatcher.list</c> file or a Kamailio database mean the same here.
/// </summary>
[Flags]
public enum DestinationFlags
{
    None = 0,
    Inactive = 1,
    Trying = 2,
    Disabled = 4,
    Probing = 8,
    NoDnsResolve = 16,
    NoPing = 32,
}
