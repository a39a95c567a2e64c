using Slipway.Server.Hosting;

namespace Slipway.Cli.Tests.Commands;

/// <summary>`slipway tokens create|list|revoke` and `slipway login` against a real in-process server.</summary>
public sealed class TokensCommandTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("slipway-cli-tokens-").FullName;
    private SlipwayServer _server = null!;

    private string Url => _server.Address.ToString();

    public async ValueTask InitializeAsync() =>
        _server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = Path.Combine(_data, "server"), Url = "http://127.0.0.1:0" }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Create_prints_the_token_once_list_never_shows_it_and_revoke_stops_it()
    {
        var admin = _server.AdminToken!;

        var created = await CliRun.RunAsync("tokens", "create", "ci-agent", "--scope", "agent", "--host", "build-1", "--server", Url, "--token", admin);
        var list = await CliRun.RunAsync("tokens", "list", "--server", Url, "--token", admin);
        var secret = created.Stdout.Trim();
        var denied = await CliRun.RunAsync("tokens", "list", "--server", Url, "--token", secret);
        var revoked = await CliRun.RunAsync("tokens", "revoke", "ci-agent", "--server", Url, "--token", admin);
        var gone = await CliRun.RunAsync("status", "--server", Url, "--token", secret);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.StartsWith("slw_", secret, StringComparison.Ordinal);
        Assert.Contains("token 'ci-agent' (agent, host build-1); it is shown only now", created.Stderr, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"ci-agent\s+agent\s+build-1", list.Stdout);
        Assert.Matches(@"admin\s+admin\s+-", list.Stdout);
        Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("403 Forbidden: Token 'ci-agent' has scope agent", denied.Stderr, StringComparison.Ordinal);
        Assert.Equal("token 'ci-agent' (agent) revoked", revoked.Stdout.Trim());
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("401 Unauthorized", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_token_needs_a_host()
    {
        var run = await CliRun.RunAsync("tokens", "create", "a", "--scope", "agent", "--server", Url, "--token", _server.AdminToken!);

        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Contains("an agent token needs --host NAME.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_saves_the_token_owner_only_where_later_verbs_find_it()
    {
        var config = Path.Combine(_data, "config");
        var before = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", config);
        try
        {
            var login = await CliRun.RunAsync("login", "--token", _server.AdminToken!);
            var status = await CliRun.RunAsync("status", "--server", Url);

            Assert.True(login.ExitCode == 0, login.ToString());
            var file = Path.Combine(config, "slipway", "token");
            Assert.Equal(_server.AdminToken, (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.True(status.ExitCode == 0, status.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", before);
        }
    }
}
