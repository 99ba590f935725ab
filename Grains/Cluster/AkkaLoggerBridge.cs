using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace OrleansLB.Grains.Cluster;

/// <summary>
/// Akka's logger (<c>akka.loggers</c>) writing through the host's <see cref="ILoggerFactory"/>, so
/// remoting and cluster events come out in the same format as ours: one JSON object a line when
/// the console formatter is json, instead of Akka's own text lines breaking the stream.
/// </summary>
internal sealed partial class AkkaLoggerBridge : ReceiveActor
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = [];

    public AkkaLoggerBridge()
    {
        _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.Factory
            ?? throw new InvalidOperationException($"{nameof(AkkaLoggerBridge)} needs a {nameof(LoggerFactorySetup)} in the actor system's setup.");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private void Write(LogEvent e)
    {
        var type = e.LogClass ?? typeof(ActorSystem);
        if (!_loggers.TryGetValue(type, out var logger))
        {
            // Events logged with a string source carry a placeholder class: name them after Akka alone.
            logger = _factory.CreateLogger(type == typeof(DummyClassForStringSources) ? "Akka" : type.FullName ?? type.Name);
            _loggers[type] = logger;
        }

        Log(logger, Level(e.LogLevel()), e.Cause, e.LogSource, e.Message?.ToString() ?? string.Empty);
    }

    private static LogLevel Level(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.ErrorLevel => LogLevel.Error,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(EventId = 4901, Message = "{AkkaSource}: {AkkaMessage}")]
    private static partial void Log(ILogger logger, LogLevel level, Exception? exception, string akkaSource, string akkaMessage);
}
