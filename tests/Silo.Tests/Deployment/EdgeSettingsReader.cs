using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OrleansLB.Silo.Deployment;

/// <summary>
/// The edge's own start-up reader (<c>OrleansLB.Client.Hosting.EdgeSettings.Read</c>), internal
/// to OrleansLB.Client, called by name; its result is read through <see cref="Member"/>.
/// </summary>
internal static class EdgeSettingsReader
{
    public static object? Read(IConfiguration configuration, List<string> problems)
    {
        var reader = Type.GetType("OrleansLB.Client.Hosting.EdgeSettings, OrleansLB.Client", throwOnError: true)!
            .GetMethod("Read", BindingFlags.Public | BindingFlags.Static, [typeof(IConfiguration), typeof(List<string>)])
            ?? throw new InvalidOperationException("EdgeSettings.Read(IConfiguration, List<string>) is gone; point EdgeSettingsReader at the edge's configuration reader");
        return reader.Invoke(null, [configuration, problems]);
    }

    /// <summary>A public property's value; a property that does not exist is an error, not null.</summary>
    public static object? Member(object? target, string name)
    {
        if (target is null)
        {
            return null;
        }

        var property = target.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{target.GetType().Name} has no property {name}");
        return property.GetValue(target);
    }
}
