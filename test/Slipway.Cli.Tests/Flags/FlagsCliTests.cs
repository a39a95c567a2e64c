using System.Net.Http.Json;
using Slipway.Flags.Protocol;
using Slipway.Server.Hosting;
using Slipway.TestKit;

namespace Slipway.Cli.Tests.Flags;

/// <summary>Every flag verb against a real in-process server, with stdout and stderr captured.</summary>
public sealed class FlagsCliTests : IAsyncLifetime
{
    private const string Greeting = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";
    private readonly string _data = Directory.CreateTempSubdirectory("slipway-flags-cli-").FullName;
    private SlipwayServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await SlipwayServer.StartAsync(new SlipwayServerOptions { DataDirectory = Path.Combine(_data, "server"), Url = "http://127.0.0.1:0" }, Token);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Set_then_list_shows_the_flag_in_a_table()
    {
        var set = await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");
        Assert.Equal(0, set.Code);
        Assert.Contains("hello/production: flag greeting created (version 1)", set.Out, StringComparison.Ordinal);

        var list = await RunAsync("flags", "list", "--service", "hello");

        Assert.Equal(0, list.Code);
        Assert.Matches(@"KEY\s+STATE\s+SERVES\s+RULE", list.Out);
        Assert.Matches(@"greeting\s+ENABLED\s+off to everyone\s+static", list.Out);
    }

    [Fact]
    public async Task An_enabled_flag_that_serves_off_to_everyone_says_so_and_a_disabled_one_says_the_caller_decides()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");
        await RunAsync("flags", "set", "banner", """{"state":"DISABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""", "--service", "hello");

        var list = await RunAsync("flags", "list", "--service", "hello");

        Assert.Matches(@"greeting\s+ENABLED\s+off to everyone", list.Out);
        Assert.Matches(@"banner\s+DISABLED\s+the caller's default \(disabled\)", list.Out);
    }

    [Fact]
    public async Task Listing_the_flags_of_an_unknown_service_is_a_404_not_zero_flags()
    {
        var list = await RunAsync("flags", "list", "--service", "nosuch");

        Assert.Equal(1, list.Code);
        Assert.Equal("404 Unknown service: No service named 'nosuch', and no flags for one.", list.Err.Trim());
        Assert.Empty(list.Out);
    }

    [Fact]
    public async Task List_and_get_print_the_api_answer_with_json()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");

        var list = await RunAsync("flags", "list", "--service", "hello", "--json");
        var get = await RunAsync("flags", "get", "greeting", "--service", "hello", "--json");

        Assert.Equal((0, 0), (list.Code, get.Code));
        using var listed = System.Text.Json.JsonDocument.Parse(list.Out);
        var flag = Assert.Single(listed.RootElement.GetProperty("flags").EnumerateArray());
        Assert.Equal("off to everyone", flag.GetProperty("serves").GetString());
        using var got = System.Text.Json.JsonDocument.Parse(get.Out);
        Assert.Equal("ENABLED", got.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Delete_removes_the_flag_and_prints_the_change()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");

        var delete = await RunAsync("flags", "delete", "greeting", "--service", "hello");
        var get = await RunAsync("flags", "get", "greeting", "--service", "hello");
        var again = await RunAsync("flags", "delete", "greeting", "--service", "hello", "--json");

        Assert.True(delete.Code == 0, delete.Err);
        Assert.Contains("hello/production: flag greeting deleted (version 2)", delete.Out, StringComparison.Ordinal);
        Assert.Equal(1, get.Code);
        Assert.Equal(1, again.Code);
        Assert.Contains("404 Unknown flag", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiment_results_without_a_goal_tell_a_cli_user_about_the_goal_option_not_the_query_string()
    {
        await RunAsync("flags", "set", "checkout", """{"state":"ENABLED","variants":{"control":"Buy","treatment":"Buy now"},"defaultVariant":"control","targeting":{"fractional":[["control",50],["treatment",50]]},"metadata":{"experiment":true}}""", "--service", "hello");

        var results = await RunAsync("experiments", "results", "checkout", "--service", "hello");

        Assert.Equal(1, results.Code);
        Assert.Contains("pass --goal EVENT", results.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("?goal=", results.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_reads_a_definition_from_a_file_given_with_an_at_sign()
    {
        var file = Path.Combine(_data, "greeting.json");
        await File.WriteAllTextAsync(file, Greeting, Token);

        var set = await RunAsync("flags", "set", "greeting", "@" + file, "--service", "hello", "--environment", "staging");

        Assert.Equal(0, set.Code);
        Assert.Contains("hello/staging: flag greeting created", set.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_rule_is_an_error_with_its_json_pointer_on_stderr()
    {
        var set = await RunAsync("flags", "set", "greeting", """{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on","targeting":{"sounds_like":[1,2]}}""", "--service", "hello");

        Assert.Equal(1, set.Code);
        Assert.Contains("400 Invalid flag definition: /flags/greeting/targeting/sounds_like", set.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_prints_the_split_and_the_share_of_users_that_switch()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");
        await RunAsync("flags", "rollout", "greeting", "10", "--service", "hello");

        var rollout = await RunAsync("flags", "rollout", "greeting", "25%", "--service", "hello");

        Assert.Equal(0, rollout.Code);
        Assert.Contains("greeting: ENABLED, serves on 25 %, off 75 % (split: on 25 %, off 75 %)", rollout.Out, StringComparison.Ordinal);
        Assert.Contains("users switching variant: 15.00 %", rollout.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_and_enable_flip_the_kill_switch()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");

        var disabled = await RunAsync("flags", "disable", "greeting", "--service", "hello");
        var enabled = await RunAsync("flags", "enable", "greeting", "--service", "hello");

        Assert.Contains("flag greeting disabled", disabled.Out, StringComparison.Ordinal);
        Assert.Contains("flag greeting enabled", enabled.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_prints_the_flagd_definition()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");

        var get = await RunAsync("flags", "get", "greeting", "--service", "hello");

        Assert.Equal(0, get.Code);
        Assert.Contains("greeting: ENABLED, serves off to everyone; default off, static", get.Out, StringComparison.Ordinal);
        Assert.Contains("\"defaultVariant\": \"off\"", get.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_a_flagd_file_that_import_reads_back()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");
        var file = Path.Combine(_data, "flags.json");

        var export = await RunAsync("flags", "export", "--service", "hello", "--output", file);
        var import = await RunAsync("flags", "import", file, "--service", "other");

        Assert.Contains("1 flag(s) written to", export.Out, StringComparison.Ordinal);
        Assert.Contains("other/production: 1 created, 0 updated, 0 deleted, 0 unchanged", import.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_flag_is_an_error_on_stderr()
    {
        var get = await RunAsync("flags", "get", "nope", "--service", "hello");

        Assert.Equal(1, get.Code);
        Assert.Contains("404 Unknown flag", get.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flag_verbs_need_a_service()
    {
        var list = await RunAsync("flags", "list");

        Assert.Equal(2, list.Code);
        Assert.Contains("--service is required", list.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiment_results_print_a_readable_table()
    {
        await RunAsync("flags", "set", "checkout", """{"state":"ENABLED","variants":{"control":"Buy","treatment":"Buy now"},"defaultVariant":"control","targeting":{"fractional":[["control",50],["treatment",50]]},"metadata":{"experiment":true,"goal":"purchase"}}""", "--service", "hello");
        var batch = new FlagEventBatch
        {
            Service = "hello",
            Environment = "production",
            Exposures = Enumerable.Range(0, 400).Select(i => new ExposureEvent("checkout", i % 2 == 0 ? "control" : "treatment", "SPLIT", $"u{i}", DateTimeOffset.UnixEpoch, 1)).ToList(),
            Events = Enumerable.Range(0, 400).Where(i => i % 10 == 0 || i % 10 == 3).Select(i => new TrackEvent("purchase", $"u{i}", null, DateTimeOffset.UnixEpoch)).ToList(),
        };
        using var http = BearerHandler.Client(_server.Address, Path.Combine(_data, "server"));
        using (await http.PostAsJsonAsync("/api/flags/v1/events", batch, FlagStreamProtocol.JsonOptions, Token))
        {
        }

        var results = await RunAsync("experiments", "results", "checkout", "--service", "hello");

        Assert.Equal(0, results.Code);
        Assert.Contains("goal 'purchase', control 'control'", results.Out, StringComparison.Ordinal);
        Assert.Contains("VARIANT", results.Out, StringComparison.Ordinal);
        Assert.Contains("95% INTERVAL", results.Out, StringComparison.Ordinal);
        Assert.Contains("control (control)", results.Out, StringComparison.Ordinal);
        Assert.Contains("20.00 %", results.Out, StringComparison.Ordinal);
        Assert.Contains("sample ratio: chi-squared 0.00, p = 1.0000: ok", results.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_guarded_starts_a_guarded_rollout_and_get_shows_where_it_is()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");

        var rollout = await RunAsync("flags", "rollout", "greeting", "--guarded", "10,50,100", "--min-step", "10m", "--goal", "checkout:2%", "--service", "hello");
        var get = await RunAsync("flags", "get", "greeting", "--service", "hello");

        Assert.Equal(0, rollout.Code);
        Assert.Contains("flag greeting: guarded rollout through 10%, 50%, 100%, each step at least 10m, judged on the flag-on cohort against the flag-off cohort", rollout.Out, StringComparison.Ordinal);
        Assert.Contains("flag greeting guarded rollout judging at 10% (step 1 of 3)", rollout.Out, StringComparison.Ordinal);
        Assert.Contains("serves on 10 %, off 90 %", get.Out, StringComparison.Ordinal);
        Assert.Contains("flag greeting guarded rollout judging at 10% (step 1 of 3)", get.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10,x,100", "--guarded is a list of rising percentages")]
    [InlineData("10,50", "--min-step is a duration", "--min-step", "soon")]
    [InlineData("10,50", "--goal is NAME:DROP", "--goal", "checkout")]
    public async Task Rollout_guarded_with_a_bad_option_is_a_usage_error(string steps, string message, params string[] more)
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");

        var rollout = await RunAsync(["flags", "rollout", "greeting", "--guarded", steps, "--service", "hello", .. more]);

        Assert.Equal(2, rollout.Code);
        Assert.Contains(message, rollout.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollout_guarded_with_a_percent_too_is_a_usage_error()
    {
        var rollout = await RunAsync("flags", "rollout", "greeting", "10", "--guarded", "10,50", "--service", "hello");

        Assert.Equal(2, rollout.Code);
        Assert.Contains("leave out the percent argument", rollout.Err, StringComparison.Ordinal);
    }

    /// <summary>Outcomes as the SDK sends them, with the flag-on cohort failing 1 request in 10: get shows the kill-switch line.</summary>
    [Fact]
    public async Task Get_shows_the_kill_switch_line_of_a_rolled_back_guarded_rollout()
    {
        await RunAsync("flags", "set", "greeting", Greeting, "--service", "hello");
        await RunAsync("flags", "rollout", "greeting", "--guarded", "20,100", "--min-step", "1s", "--service", "hello");
        using var http = new HttpClient { BaseAddress = _server.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.AdminToken);

        var get = await Eventually.GetAsync(
            async () =>
            {
                var batch = new FlagEventBatch { Service = "hello", Environment = "production", Outcomes = [Outcome("on", 1000, 100), Outcome("off", 4000, 4)] };
                using (await http.PostAsJsonAsync("/api/flags/v1/events", batch, FlagStreamProtocol.JsonOptions, Token))
                {
                }

                return await RunAsync("flags", "get", "greeting", "--service", "hello");
            },
            r => r.Out.Contains("rolled back at", StringComparison.Ordinal),
            "the guarded rollout to be rolled back",
            Token,
            describe: r => r.Out);

        Assert.Contains("flag greeting rolled back at 20%: error ratio 10.0% vs 0.1% (+9.9 pp > 1 pp), over the limit and significant", get.Out, StringComparison.Ordinal);
        Assert.Contains("greeting: ENABLED, serves off to everyone", get.Out, StringComparison.Ordinal);
    }

    private static VariantOutcome Outcome(string variant, long requests, long errors)
    {
        var durations = new long[VariantOutcome.DurationBoundsMs.Count + 1];
        durations[5] = requests;
        return new VariantOutcome("greeting", variant, [0, requests - errors, 0, 0, errors], durations, new Dictionary<string, long>());
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--server", _server.Address.ToString(), "--token", _server.AdminToken!], stdout, stderr, Token);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
