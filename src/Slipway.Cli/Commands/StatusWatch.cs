using System.Globalization;
using System.Text.Json;
using Slipway.Server.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway status --watch`: polls the service view (once a second) and shows the current step, the wave, the
/// instances by version and the bake with the judge's running numbers, until nothing is running or Ctrl+C. On a terminal
/// it is a live table (Spectre.Console); redirected, it prints a plain line each time something changes.
/// </summary>
internal static class StatusWatch
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>Failed polls in a row after which the watch gives up (the server is gone).</summary>
    private const int MaxFailures = 5;

    /// <summary>With no service named, at most this many services are followed.</summary>
    private const int MaxServices = 20;

    public static async Task<int> RunAsync(Uri server, string? name, bool json, bool live, TimeSpan interval, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var api = new ApiClient(server);
        try
        {
            return live
                ? await LiveAsync(api, name, interval, stderr, ct)
                : await PlainAsync(api, name, json, interval, stdout, stderr, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 0;
        }
    }

    private static async Task<int> PlainAsync(ApiClient api, string? name, bool json, TimeSpan interval, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var printed = new Dictionary<string, string>(StringComparer.Ordinal);
        string? lastJson = null;
        var failures = 0;
        while (true)
        {
            var (statuses, error) = await FetchAsync(api, name, ct);
            if (statuses is null)
            {
                if (++failures >= MaxFailures || name is not null && error!.StartsWith("404", StringComparison.Ordinal))
                {
                    await stderr.WriteLineAsync(error);
                    return 1;
                }

                await Task.Delay(interval, ct);
                continue;
            }

            failures = 0;
            if (json)
            {
                var text = name is null ? JsonSerializer.Serialize(statuses, ApiClient.Json) : JsonSerializer.Serialize(statuses[0], ApiClient.Json);
                if (text != lastJson)
                {
                    await stdout.WriteLineAsync(text);
                    lastJson = text;
                }
            }
            else
            {
                foreach (var (key, text, identity) in statuses.SelectMany(Progress))
                {
                    if (!printed.TryGetValue(key, out var last) || last != identity)
                    {
                        await stdout.WriteLineAsync(text);
                        printed[key] = identity;
                    }
                }
            }

            await stdout.FlushAsync(ct);
            if (!statuses.Any(Busy))
            {
                if (!json)
                {
                    await stdout.WriteLineAsync(statuses.Count == 0 ? "no services registered" : "nothing running");
                }

                return 0;
            }

            await Task.Delay(interval, ct);
        }
    }

    private static async Task<int> LiveAsync(ApiClient api, string? name, TimeSpan interval, TextWriter stderr, CancellationToken ct)
    {
        var result = 0;
        await AnsiConsole.Live(new Text("connecting…")).AutoClear(false).StartAsync(async ctx =>
        {
            var failures = 0;
            while (true)
            {
                var (statuses, error) = await FetchAsync(api, name, ct);
                if (statuses is null)
                {
                    ctx.UpdateTarget(new Text(error ?? "no answer"));
                    if (++failures >= MaxFailures || name is not null && error!.StartsWith("404", StringComparison.Ordinal))
                    {
                        result = 1;
                        return;
                    }
                }
                else
                {
                    failures = 0;
                    ctx.UpdateTarget(Render(statuses));
                    if (!statuses.Any(Busy))
                    {
                        return;
                    }
                }

                ctx.Refresh();
                await Task.Delay(interval, ct);
            }
        });
        if (result != 0)
        {
            await stderr.WriteLineAsync("the server does not answer");
        }

        return result;
    }

    /// <summary>The services to follow: the one named, or every registered one (bounded).</summary>
    private static async Task<(List<ServiceStatus>? Statuses, string? Error)> FetchAsync(ApiClient api, string? name, CancellationToken ct)
    {
        if (name is not null)
        {
            var (one, error) = await api.SendAsync<ServiceStatus>(HttpMethod.Get, StatusCommand.Path(name), null, ct);
            return one is null ? (null, error ?? "empty answer") : ([one], null);
        }

        var (list, listError) = await api.SendAsync<List<ServiceSummary>>(HttpMethod.Get, "api/services", null, ct);
        if (list is null)
        {
            return (null, listError ?? "empty answer");
        }

        var statuses = new List<ServiceStatus>();
        foreach (var s in list.Take(MaxServices))
        {
            var (status, error) = await api.SendAsync<ServiceStatus>(HttpMethod.Get, StatusCommand.Path(s.Name), null, ct);
            if (status is null)
            {
                return (null, error ?? "empty answer");
            }

            statuses.Add(status);
        }

        return (statuses, null);
    }

    /// <summary>
    /// Something is under way: a run queued or running, a rollout in progress, or a built release whose rollout is about
    /// to start (the newest run succeeded, and its commit is neither rolled out, nor in production, nor refused).
    /// </summary>
    internal static bool Busy(ServiceStatus s)
    {
        if (s.Service.ActiveRollout is not null || s.Runs.Any(r => r.Status is "queued" or "running"))
        {
            return true;
        }

        return s.Runs.FirstOrDefault() is { Status: "succeeded" } newest
            && !s.Service.Paused
            && s.Service.ProductionVersion != newest.Commit
            && !s.Service.RolledBackVersions.Contains(newest.Commit)
            && !s.Rollouts.Any(r => r.Version == newest.Commit);
    }

    /// <summary>The plain lines of one service: (what the line is about, its text, what must change for it to print again).</summary>
    internal static IEnumerable<(string Key, string Text, string Identity)> Progress(ServiceStatus s)
    {
        var name = s.Service.Name;
        if (s.Runs.FirstOrDefault() is { } run)
        {
            var text = $"{name}: run " + Compact(StatusCommand.Run(run));
            yield return ($"{name}/run", text, text);
        }

        if (s.Rollouts.FirstOrDefault() is { } rollout)
        {
            var lines = StatusCommand.Rollout(rollout with { Bake = null }).ToList();
            var text = $"{name}: rollout " + Compact(lines);
            yield return ($"{name}/rollout", text, text);
            if (rollout.Bake is { } bake)
            {
                yield return ($"{name}/bake", $"{name}: {StatusCommand.Bake(bake)}", $"{bake.Wave}|{bake.Extended}|{bake.Summary}");
            }
        }

        var fleet = $"{name}: instances " + (s.Fleet.Count == 0 ? "none" : Fleet(s.Fleet));
        yield return ($"{name}/fleet", fleet, fleet);
    }

    /// <summary>The lines of a run or rollout, the first without the table's padding: "hello-1 abc1234 running (build)".</summary>
    private static string Compact(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        all[0] = string.Join(' ', all[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return string.Join('\n', all);
    }

    /// <summary>"abc1234: 2 listening (2 routed); def5678: 1 starting".</summary>
    private static string Fleet(IReadOnlyList<InstanceView> fleet) => string.Join("; ", fleet
        .GroupBy(i => i.Version, StringComparer.Ordinal)
        .Select(g =>
        {
            var states = string.Join(", ", g.GroupBy(i => i.State, StringComparer.Ordinal).Select(x => $"{x.Count()} {x.Key}"));
            var routed = g.Count(i => i.Routed);
            return $"{StatusCommand.Short(g.Key)}: {states}" + (routed > 0 ? $" ({routed} routed)" : string.Empty);
        }));

    private static IRenderable Render(IReadOnlyList<ServiceStatus> statuses)
    {
        var rows = new List<IRenderable>();
        foreach (var s in statuses)
        {
            rows.Add(new Markup($"[bold]{Markup.Escape(s.Service.Name)}[/] production {Markup.Escape(s.Service.ProductionVersion is { } p ? StatusCommand.Short(p) : "none")}{(s.Service.Paused ? " [yellow]paused[/]" : string.Empty)}"));
            if (s.Runs.FirstOrDefault() is { } run)
            {
                rows.Add(new Text(string.Join('\n', StatusCommand.Run(run))));
            }

            if (s.Rollouts.FirstOrDefault() is { } rollout)
            {
                rows.Add(new Text(string.Join('\n', StatusCommand.Rollout(rollout with { Bake = null }))));
                if (rollout.Bake is { } bake)
                {
                    rows.Add(new Text("    " + StatusCommand.Bake(bake), new Style(bake.Extended ? Color.Yellow : Color.Default)));
                }
            }

            var table = new Table().AddColumn("version").AddColumn("instances").AddColumn("states").AddColumn("routed");
            foreach (var g in s.Fleet.GroupBy(i => i.Version, StringComparer.Ordinal))
            {
                table.AddRow(
                    new Text(StatusCommand.Short(g.Key)),
                    new Text(g.Count().ToString(CultureInfo.InvariantCulture)),
                    new Text(string.Join(", ", g.GroupBy(i => i.State, StringComparer.Ordinal).Select(x => $"{x.Count()} {x.Key}"))),
                    new Text(g.Count(i => i.Routed).ToString(CultureInfo.InvariantCulture)));
            }

            rows.Add(table);
        }

        return new Rows(rows);
    }
}
