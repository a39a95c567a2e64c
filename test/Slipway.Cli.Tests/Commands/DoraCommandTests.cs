using System.Text.Json;
using Slipway.Cli;
using Slipway.Core.Journal;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Tests.Commands;

/// <summary>`slipway dora` against a real server on loopback whose journal holds a promoted change.</summary>
public sealed class DoraCommandTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "slipway-cli-dora-" + Guid.NewGuid().ToString("N")[..8]);
    private SlipwayServer? _server;

    public async ValueTask InitializeAsync() =>
        _server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = _data, Url = "http://127.0.0.1:0" }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Dora_prints_the_four_figures_and_the_same_numbers_as_json()
    {
        var ct = TestContext.Current.CancellationToken;
        await _server!.Journal.AppendAsync(
            [
                new ServiceRegistered("orders", "/nowhere", "main", 0, 3600),
                new CommitDetected("orders", "0123456789abcdef", "a change"),
                new RolloutStarted("orders", "orders-r1", "0123456789abcdef", "digest", null, null, 1, [1], [], "push", "bake: 1s", null),
                new RolloutPromoted("orders", "orders-r1", "0123456789abcdef"),
            ],
            ct);

        var text = await RunAsync("dora", "--server", _server.Address.ToString());
        var json = await RunAsync("dora", "--json", "--days", "7", "--server", _server.Address.ToString());

        Assert.Equal(0, text.Code);
        Assert.Contains("DORA metrics", text.Out, StringComparison.Ordinal);
        Assert.Matches(@"all services\s+1\s", text.Out);
        Assert.Matches(@"orders\s+1\s", text.Out);
        Assert.Equal(0, json.Code);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("overall").GetProperty("deployments").GetInt32());
        // Seven days back from now touch eight calendar days, unless now is midnight.
        Assert.InRange(doc.RootElement.GetProperty("days").GetArrayLength(), 7, 8);
    }

    [Fact]
    public async Task Dora_refuses_a_window_past_a_year_with_the_servers_reason()
    {
        var run = await RunAsync("dora", "--days", "400", "--server", _server!.Address.ToString());

        Assert.Equal(1, run.Code);
        Assert.Contains("days is 1 to 365", run.Err, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--token", _server!.AdminToken!], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
