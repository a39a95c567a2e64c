using System.CommandLine;

namespace Slipway.Cli.Tests;

public sealed class CliAppTests
{
    /// <summary>Every command of the tree, as the words a user types: a new verb or sub-verb is covered with no edit here.</summary>
    public static TheoryData<string> Commands => [.. Paths(CliApp.Create(), []).Select(p => string.Join(' ', p))];

    [Fact]
    public async Task No_arguments_print_the_usage_and_exit_2()
    {
        var run = await CliRun.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Usage:\n  slipway [command] [options]", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_the_usage_with_every_verb_and_exits_0(string flag)
    {
        var run = await CliRun.RunAsync(flag);

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "demo", "server", "agent", "services", "status", "deploy", "rollback", "pause", "resume", "push", "tests", "test", "flags", "experiments" })
        {
            Assert.Contains($"\n  {verb} ", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_on_every_verb_and_sub_verb_exits_0_and_lists_its_arguments_and_options(string path)
    {
        var words = path.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = words.Aggregate((Command)CliApp.Create(), (c, word) => c.Subcommands.Single(s => s.Name == word));

        var run = await CliRun.RunAsync([.. words, "--help"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Stderr);
        Assert.Contains($"Usage:\n  {string.Join(' ', ["slipway", .. words])}", run.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (var option in command.Options.Where(o => !o.Hidden))
        {
            Assert.Contains(option.Name, run.Stdout, StringComparison.Ordinal);
        }

        foreach (var argument in command.Arguments)
        {
            Assert.Contains($"<{argument.HelpName ?? argument.Name}>", run.Stdout, StringComparison.Ordinal);
        }

        foreach (var sub in command.Subcommands)
        {
            Assert.Contains(sub.Name, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Test_help_lists_the_test_options_instead_of_asking_for_a_value()
    {
        var run = await CliRun.RunAsync("test", "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var option in new[] { "--seed", "--shards", "--reruns", "--timeout", "--flaky", "--zero-tests", "--order", "--fail-first", "--run-all", "--out" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("needs a value", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_before_a_verb_prints_the_same_as_help_after_it()
    {
        var before = await CliRun.RunAsync("help", "flags", "rollout");
        var after = await CliRun.RunAsync("flags", "rollout", "--help");

        Assert.Equal(0, before.ExitCode);
        Assert.Equal(after.Stdout, before.Stdout);
    }

    [Fact]
    public async Task Version_prints_the_informational_version_and_exits_0()
    {
        var run = await CliRun.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(CliApp.Version, run.Stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Stdout);
    }

    [Fact]
    public async Task Version_with_json_prints_it_as_a_json_object()
    {
        var run = await CliRun.RunAsync("--version", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal(CliApp.Version, doc.RootElement.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("slipway depl", "deploy")]
    [InlineData("slipway services ", "remove")]
    [InlineData("slipway flags de", "delete")]
    [InlineData("slipway deploy hello main --wa", "--wait")]
    public async Task The_suggest_directive_completes_verbs_and_options_for_the_shell_scripts(string line, string expected)
    {
        var run = await CliRun.RunAsync($"[suggest:{line.Length}]", line);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(expected, run.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _slipway_complete slipway")]
    [InlineData("zsh", "compdef _slipway_complete slipway")]
    public async Task Completion_prints_a_script_that_asks_slipway_for_suggestions(string shell, string registers)
    {
        var run = await CliRun.RunAsync("completion", shell);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[suggest:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(registers, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bash_completion_script_completes_a_verb_through_slipway_itself()
    {
        var bash = new[] { "/bin/bash", "/usr/bin/bash" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(bash is null, "bash is not installed");
        var apphost = Path.Combine(AppContext.BaseDirectory, "Slipway.Cli");
        Assert.SkipUnless(File.Exists(apphost), "the CLI's apphost is not next to the tests");
        var script = (await CliRun.RunAsync("completion", "bash")).Stdout;
        using var folder = Slipway.TestKit.TempFolder.Create("completion");
        var bin = Directory.CreateDirectory(folder.Combine("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "slipway"), apphost);
        await File.WriteAllTextAsync(folder.Combine("slipway.bash"), script, TestContext.Current.CancellationToken);

        var result = await Slipway.TestKit.Shell.RunAsync(
            bash!,
            folder.Path,
            ["-c", $"PATH='{bin}':$PATH; . ./slipway.bash; COMP_LINE='slipway depl'; COMP_POINT=12; COMP_WORDS=(slipway depl); COMP_CWORD=1; _slipway_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\""],
            TestContext.Current.CancellationToken);

        Assert.Equal("deploy", result.Trim());
    }

    [Fact]
    public async Task Version_with_other_arguments_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("--version", "status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--version takes no other arguments", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_is_named_on_stderr_with_where_to_find_the_verbs_and_exits_2()
    {
        var run = await CliRun.RunAsync("deplyo", "hello", "main");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("slipway: unknown verb 'deplyo'.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'slipway --help'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("flags", "flip")]
    [InlineData("services", "rename")]
    [InlineData("experiments", "list")]
    public async Task An_unknown_sub_verb_is_named_on_stderr_and_exits_2(string verb, string sub)
    {
        var run = await CliRun.RunAsync(verb, sub, "--service", "hello");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"slipway {verb}: unknown verb '{sub}'.", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "--bogus")]
    [InlineData("status", "hello", "--bogus")]
    [InlineData("status", "-s", "x")]
    [InlineData("history", "hello", "--since", "1d")]
    [InlineData("deploy", "hello", "main", "--force")]
    [InlineData("deploy", "--force", "hello", "main")]
    [InlineData("server", "--port", "1")]
    [InlineData("demo", "--fast")]
    [InlineData("demo", "tests", "--keep")]
    [InlineData("test", "--parallel", "4", "x.csproj")]
    [InlineData("flags", "list", "--service", "hello", "--all")]
    public async Task An_unknown_option_is_named_on_stderr_and_exits_2(string verb, params string[] rest)
    {
        var run = await CliRun.RunAsync([verb, .. rest]);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches($"^slipway {verb}( tests| list)?: unknown option -", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("'extra'", "deploy", "hello", "main", "extra")]
    [InlineData("'extra'", "pause", "hello", "extra")]
    [InlineData("'extra'", "status", "hello", "extra")]
    [InlineData("'on'", "flags", "enable", "greeting", "on", "--service", "hello")]
    [InlineData("'now'", "server", "now")]
    public async Task An_extra_argument_is_named_on_stderr_and_exits_2(string named, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"unexpected argument {named}.", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Theory]
    [InlineData("missing service", "deploy")]
    [InlineData("missing commit", "deploy", "hello")]
    [InlineData("missing service", "rollback")]
    [InlineData("missing service", "pause")]
    [InlineData("missing project", "test")]
    [InlineData("missing verb: one of list, get, set", "flags")]
    [InlineData("--server needs a value", "status", "--server")]
    [InlineData("--server is required", "agent")]
    [InlineData("--service is required", "flags", "list")]
    public async Task A_missing_argument_is_a_usage_error(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_option_that_is_not_a_number_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("services", "add", "hello", "/tmp/repo", "--port", "eighty", "--server", "http://127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--port must be a whole number, not 'eighty'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_a_url_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("status", "--server", "not a url");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'not a url' is not a server URL.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_verb_without_a_server_says_it_cannot_reach_it_and_exits_1()
    {
        var run = await CliRun.RunAsync("status", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot reach the Slipway server at http://127.0.0.1:1/", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_argument_after_a_double_dash_may_start_with_a_dash()
    {
        var parse = CliApp.Parse(["deploy", "--server", "http://127.0.0.1:1", "--", "-hello", "main"]);

        Assert.Empty(CliApp.Problems(parse));
    }

    [Fact]
    public async Task A_negative_number_is_an_argument_not_an_unknown_option()
    {
        var run = await CliRun.RunAsync("flags", "rollout", "greeting", "-5", "--service", "hello", "--server", "http://127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("slipway flags rollout: percent must be a whole number from 0 to 100, not '-5'.", run.Stderr.Trim());
    }

    private static IEnumerable<string[]> Paths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            yield return path;
            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
