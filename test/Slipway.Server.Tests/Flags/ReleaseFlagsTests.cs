using Microsoft.Extensions.DependencyInjection;
using Slipway.Core.Journal;
using Slipway.Server.Flags;

namespace Slipway.Server.Tests.Flags;

public sealed class ReleaseFlagsTests : IAsyncLifetime
{
    private FlagServer _server = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync() => _server = await FlagServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_promoted_release_creates_its_declared_flags_that_are_missing()
    {
        await PromoteAsync("v1", "{\"flags\":{\"greeting\":" + TestFlags.Off + ",\"limit\":" + TestFlags.Limit + "}}");

        var list = await _server.GetJsonAsync("/api/services/hello/flags");
        Assert.Equal(["greeting", "limit"], list.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        var audit = (await _server.GetJsonAsync("/api/services/hello/flags-audit")).GetProperty("entries").EnumerateArray().First();
        Assert.Equal(("release", "release v1"), (audit.GetProperty("action").GetString(), audit.GetProperty("by").GetString()));
    }

    [Fact]
    public async Task A_later_release_never_overwrites_runtime_changes_nor_recreates_a_deleted_flag()
    {
        await PromoteAsync("v1", "{\"flags\":{\"greeting\":" + TestFlags.Off + ",\"limit\":" + TestFlags.Limit + "}}");
        await _server.PutFlagOkAsync("hello", "greeting", TestFlags.Split(10));
        using (await _server.Http.DeleteAsync("/api/services/hello/flags/limit", Token))
        {
        }

        await PromoteAsync("v2", "{\"flags\":{\"greeting\":" + TestFlags.Off + ",\"limit\":" + TestFlags.Limit + ",\"color\":" + TestFlags.Color + "}}");

        var flags = (await _server.GetJsonAsync("/api/services/hello/flags")).GetProperty("flags").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!);
        Assert.Equal(["color", "greeting"], flags.Keys.Order());
        Assert.Equal("split: on 10 %, off 90 %", flags["greeting"].GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_release_is_reconciled_once_even_when_promoted_again()
    {
        await PromoteAsync("v1", "{\"flags\":{\"greeting\":" + TestFlags.Off + "}}");
        var version = (await _server.GetJsonAsync("/api/services/hello/flags")).GetProperty("version").GetInt64();

        await PromoteAsync("v1", null);

        Assert.Equal(version, (await _server.GetJsonAsync("/api/services/hello/flags")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_config_step_names_the_file_the_pointer_and_the_reason_of_an_invalid_flags_file()
    {
        var workspace = Directory.CreateTempSubdirectory("slipway-flagsfile-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(workspace, "config"));
            await File.WriteAllTextAsync(Path.Combine(workspace, "config", "flags.json"), "{\"flags\":{\"greeting\":" + TestFlags.UnknownOperator + "}}", Token);

            var (document, error) = await ReleaseFlagsFile.ReadAsync(workspace, "config/flags.json", Token);

            Assert.Null(document);
            Assert.StartsWith("config/flags.json: /flags/greeting/targeting/if/0/sounds_like: ", error, StringComparison.Ordinal);
            var (_, missing) = await ReleaseFlagsFile.ReadAsync(workspace, "flags.json", Token);
            Assert.Contains("missing", missing, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    private async Task PromoteAsync(string version, string? declared)
    {
        var journal = _server.Server.Journal;
        if (declared is not null)
        {
            await journal.AppendAsync(new ReleaseFlagsDeclared("hello", $"hello-{version}", version, "flags.json", declared), Token);
        }

        await journal.AppendAsync(new RolloutPromoted("hello", $"hello-r-{version}", version), Token);
        await _server.Server.Services.GetRequiredService<ReleaseFlagSync>().Idle;
    }
}
