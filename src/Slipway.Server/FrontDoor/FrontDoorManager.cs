using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Slipway.Core.Journal;
using Slipway.Server.Journal;

namespace Slipway.Server.FrontDoor;

/// <summary>Opens one front door per registered service, on the port journaled at registration.</summary>
internal sealed class FrontDoorManager(EventJournal journal, FrontDoorRoutes routes, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FrontDoorHost> _doors = new(StringComparer.Ordinal);

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
    }

    public int? PortOf(string service) => _doors.TryGetValue(service, out var door) ? door.Port : null;

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
        if (_doors.TryAdd(service, door))
        {
            await door.StartAsync(cancellationToken);
        }
    }
}
