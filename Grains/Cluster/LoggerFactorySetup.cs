using Akka.Actor.Setup;
using Microsoft.Extensions.Logging;

namespace OrleansLB.Grains.Cluster;

/// <summary>Hands the host's logger factory to <see cref="AkkaLoggerBridge"/>, which Akka creates by type name and so cannot be given it any other way.</summary>
internal sealed class LoggerFactorySetup(ILoggerFactory factory) : Setup
{
    public ILoggerFactory Factory { get; } = factory;
}
