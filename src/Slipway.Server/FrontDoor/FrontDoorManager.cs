using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Slipway.Core.Journal;
using Slipway.Server.Journal;

namespace Slipway.Server.FrontDoor;

/// <summary>Opens one front door per registered service, on the port journaled at registration.</summary>
internal sealed partial class FrontDoorManager(EventJournal journal, FrontDoorRoutes routes, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FrontDoorHost> _doors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<FrontDoorManager>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, port) in journal.Read(s => s.Services.Values.Select(v => (v.Name, v.FrontDoorPort)).ToList()))
        {
            await OpenAsync(name, port, cancellationToken);
        }
    }

    public async Task OnAppendedAsync(SlipwayEvent e)
    {
        if (e is ServiceRegistered r)
        {
            await OpenAsync(r.Service, r.FrontDoorPort, CancellationToken.None);
        }
        else if (e is ServiceRemoved removed)
        {
            _failures.TryRemove(removed.Service, out _);
            if (_doors.TryRemove(removed.Service, out var door))
            {
                await door.DisposeAsync();
            }
        }
    }

    public int? PortOf(string service) => _doors.TryGetValue(service, out var door) ? door.Port : null;

    /// <summary>Why the service's front door is not open (its port could not be bound), or null when it is.</summary>
    public string? FailureOf(string service) => _failures.GetValueOrDefault(service);

    public async ValueTask DisposeAsync()
    {
        foreach (var door in _doors.Values)
        {
            await door.DisposeAsync();
        }

        _doors.Clear();
    }

    private async Task OpenAsync(string service, int port, CancellationToken cancellationToken)
    {
        var door = new FrontDoorHost(service, port, routes, loggers);
        if (!_doors.TryAdd(service, door))
        {
            return;
        }

        try
        {
            await door.StartAsync(cancellationToken);
            _failures.TryRemove(service, out _);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException)
        {
            // One service's port taken by someone else must never stop the server: that service is marked, the rest run.
            _doors.TryRemove(service, out _);
            await door.DisposeAsync();
            var reason = $"front door port {port} could not be opened: {ex.GetBaseException().Message}";
            _failures[service] = reason;
            LogOpenFailed(_logger, service, reason);
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Service {Service}: {Reason}")]
    private static partial void LogOpenFailed(ILogger logger, string service, string reason);
}
