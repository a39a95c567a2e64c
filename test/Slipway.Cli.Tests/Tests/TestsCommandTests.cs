using Slipway.Cli;
using Slipway.Core.Journal;
using Slipway.Server.Hosting;

namespace Slipway.Cli.Tests.Tests;

/// <summary>`slipway tests` against a real server on loopback, whose journal holds real test-stage events; `slipway test` wiring.</summary>
public sealed class TestsCommandTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "slipway-cli-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private SlipwayServer? _server;

    public async ValueTask InitializeAsync()
    {
        _server = await SlipwayServer.StartAsync(
            new SlipwayServerOptions { DataDirectory = _data, Url = "http://127.0.0.1:0" },
            TestContext.Current.CancellationToken);
    }

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

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--token", _server!.AdminToken!], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Tests_lists_the_slowest_the_flaky_with_flake_rates_and_the_quarantined_and_releases_one()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Victim = "Orders.Tests.QuoteTests.Quotes_default";
        const string Polluter = "Orders.Tests.LegacyTests.Switches_mode";
        await _server!.Journal.AppendAsync(
            [
                new ServiceRegistered("orders", "/nowhere", "main", 0, 3600),
                new TestStageCompleted(
                    "orders", "orders-1", "0123456789abcdef", 1234, 2, "failed", true, 4, 2, 2, [],
                    [
                        new TestResultRecord("Orders.Tests", Victim, "failed", 0.2, 1),
                        new TestResultRecord("Orders.Tests", "Orders.Tests.Coin.Flip", "failed", 0.01, 2),
                        new TestResultRecord("Orders.Tests", Polluter, "passed", 0.05, 1),
                        new TestResultRecord("Orders.Tests", "Orders.Tests.Big.Import", "passed", 3.5, 2),
                    ],
                    [
                        new TestTriageRecord(Victim, "order_dependent", [Polluter], 3, 4, 0.5, $"{Victim} fails when run after {Polluter} (passes alone; found in 4 bisection runs).", $"slipway test --order '{Polluter};{Victim}' Orders.Tests.csproj"),
                        new TestTriageRecord("Orders.Tests.Coin.Flip", "flaky", [], 3, 0, 0.25, "Orders.Tests.Coin.Flip passed and failed alone.", null),
                    ],
                    ["Orders.Tests.Coin.Flip"],
                    []),
            ],
            ct);
        var server = _server.Address.ToString();

        var (code, output, error) = await RunAsync("tests", "orders", "--server", server);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var slowest = Array.IndexOf(lines, "slowest:");
        Assert.StartsWith("3.500 s  Orders.Tests.Big.Import", lines[slowest + 1], StringComparison.Ordinal);
        Assert.Contains("100%  Orders.Tests.Coin.Flip  (flaky in 1 of 1 run(s); observed rates 25%) [quarantined]", output, StringComparison.Ordinal);
        Assert.Contains("Orders.Tests.Coin.Flip  since ", output, StringComparison.Ordinal);
        Assert.Contains("orders-1     0123456  failed       seed 1234, 2 shard(s), 2/4 passed", output, StringComparison.Ordinal);
        Assert.Contains($"order-dependent: {Victim} fails when run after {Polluter}", output, StringComparison.Ordinal);
        Assert.Contains($"repro: slipway test --order '{Polluter};{Victim}' Orders.Tests.csproj", output, StringComparison.Ordinal);

        var released = await RunAsync("tests", "orders", "--server", server, "--release", "Orders.Tests.Coin.Flip");
        Assert.Equal(0, released.Code);
        Assert.Contains("Orders.Tests.Coin.Flip is out of quarantine", released.Out, StringComparison.Ordinal);
        var after = await RunAsync("tests", "orders", "--server", server, "--json");
        Assert.Contains("\"quarantined\":[]", after.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tests_for_an_unknown_service_is_a_clear_error()
    {
        var (code, _, error) = await RunAsync("tests", "nosuch", "--server", _server!.Address.ToString());

        Assert.Equal(1, code);
        Assert.Contains("404 Unknown service: No service named 'nosuch'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_verb_is_wired_and_rejects_a_seed_that_is_not_a_number()
    {
        var (code, _, error) = await RunAsync("test", "--seed", "12ab", "Orders.Tests.csproj");

        Assert.Equal(2, code);
        Assert.Contains("The test seed '12ab' is not a number; give a whole number between 0 and 2147483647.", error, StringComparison.Ordinal);
    }
}
