using Microsoft.Extensions.Logging;

namespace Slipway.Sdk;

internal static partial class SdkLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Flag stream connected to {Url}")]
    public static partial void StreamConnected(ILogger logger, string url);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Flag stream lost; keeping flag configuration version {Version} and reconnecting in {Delay}")]
    public static partial void StreamLost(ILogger logger, Exception? exception, long version, TimeSpan delay);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Flag configuration version {Version} loaded from {Source}")]
    public static partial void ConfigLoaded(ILogger logger, long version, string source);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Flag change version {Version} skips versions after {Current}; resyncing")]
    public static partial void VersionGap(ILogger logger, long version, long current);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "No flag configuration within the start-up timeout of {Timeout}; serving defaults until it arrives")]
    public static partial void StartupTimeout(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Flag evaluation of {FlagKey} failed; returning the default")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception, string flagKey);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Could not send {Count} flag events; dropped them")]
    public static partial void EventsNotSent(ILogger logger, Exception? exception, int count);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Could not load flags from {Source}")]
    public static partial void SourceFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Self-test check {Check} failed: {Detail}")]
    public static partial void CheckFailed(ILogger logger, string check, string? detail);
}
