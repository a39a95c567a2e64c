using Slipway.Core.Config;
using Slipway.Core.Judge;
using Slipway.Core.Testing;

namespace Slipway.Core.Tests.Config;

public sealed class SlipwayConfigParserTests
{
    private const string Full = """
        build:
          - dotnet restore
          - dotnet publish src/Hello -c Release -o out
        test: dotnet test tests/Hello.Tests
        artifact: out
        run: dotnet Hello.dll --urls http://127.0.0.1:$PORT
        env:
          Greeting__Text: Hi
          RETRIES: 3
          EMPTY:
        selftest:
          path: /health/self
          timeout: 20s
        instances: 7
        waves: exponential
        bake: 3s
        stop_timeout: 1m30s
        timeouts: { build: 5m, test: 90s }
        checks:
          - name: errors
            metric: http_requests_total
            kind: error_ratio
            min_effect: 1pp
            critical: true
          - name: p99
            metric: http_request_duration_seconds
            kind: latency_quantile
            quantile: 0.99
            bad: increase
            min_effect: 20%
        judge:
          min_requests: 200
          max_bake_extension: 2m
          not_enough_data: rollback
          shadow: true
          watch_window: 10m
        tests:
          shards: 4
          seed: 12345
          reruns: 2
          flaky: quarantine
          timeout: 5m
          zero_tests: warn
          run_all_on_failure: true
        flags: config/flags.json
        """;

    [Fact]
    public void Full_file_parses_into_every_field()
    {
        var config = ConfigAssert.Valid(Full);

        Assert.Equal(["dotnet restore", "dotnet publish src/Hello -c Release -o out"], config.Build);
        Assert.Equal("dotnet test tests/Hello.Tests", config.Test);
        Assert.Equal("out", config.Artifact);
        Assert.Equal("dotnet Hello.dll --urls http://127.0.0.1:$PORT", config.Run);
        Assert.Equal("Hi", config.Env["Greeting__Text"]);
        Assert.Equal("3", config.Env["RETRIES"]);
        Assert.Equal("", config.Env["EMPTY"]);
        Assert.Equal("/health/self", config.SelfTest.Path);
        Assert.Equal(TimeSpan.FromSeconds(20), config.SelfTest.Timeout);
        Assert.Equal(7, config.Instances);
        Assert.Equal(WaveMode.Exponential, config.Waves.Mode);
        Assert.Equal(TimeSpan.FromSeconds(3), config.Bake);
        Assert.Equal(TimeSpan.FromSeconds(90), config.StopTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), config.Timeouts.Build);
        Assert.Equal(TimeSpan.FromSeconds(90), config.Timeouts.Test);
        Assert.Equal("config/flags.json", config.Flags);

        Assert.Equal(2, config.Checks.Count);
        Assert.Equal(
            new Check { Name = "errors", Metric = "http_requests_total", Kind = CheckKind.ErrorRatio, MinimumEffect = 0.01, Critical = true },
            config.Checks[0]);
        Assert.Equal(
            new Check { Name = "p99", Metric = "http_request_duration_seconds", Kind = CheckKind.LatencyQuantile, Quantile = 0.99, Bad = BadDirection.Increase, MinimumEffect = 0.2, Critical = true },
            config.Checks[1]);

        Assert.Equal(
            JudgeOptions.Default with { MinRequests = 200, MaxBakeExtension = TimeSpan.FromMinutes(2), NotEnoughData = NotEnoughDataPolicy.Rollback, Shadow = true, WatchWindow = TimeSpan.FromMinutes(10) },
            config.Judge);
        // Records compare lists by reference, so the projects list is compared on its own.
        Assert.Empty(config.Tests.Projects);
        Assert.Equal(
            new TestsConfig { Projects = config.Tests.Projects, Shards = 4, Seed = 12345, Reruns = 2, Flaky = FlakyPolicy.Quarantine, Timeout = TimeSpan.FromMinutes(5), ZeroTests = ZeroTestsPolicy.Warn, RunAllOnFailure = true },
            config.Tests);
    }

    [Fact]
    public void Minimal_file_gets_the_documented_defaults()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal);

        Assert.Equal(["make"], config.Build);
        Assert.Null(config.Test);
        Assert.Empty(config.Env);
        Assert.Equal("/selftest", config.SelfTest.Path);
        Assert.Equal(TimeSpan.FromSeconds(30), config.SelfTest.Timeout);
        Assert.Equal(1, config.Instances);
        Assert.Equal(WaveMode.Exponential, config.Waves.Mode);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Bake);
        Assert.Equal(TimeSpan.FromSeconds(10), config.StopTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Timeouts.Build);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Timeouts.Test);
        Assert.Same(Check.Defaults, config.Checks);
        Assert.Equal(JudgeOptions.Default, config.Judge);
        Assert.Equal(new TestsConfig(), config.Tests);
        Assert.Null(config.Flags);
    }

    [Fact]
    public void Sample_service_config_is_valid()
    {
        var config = ConfigAssert.Valid(File.ReadAllText(Path.Combine(RepoRoot(), "samples", "hello", "slipway.yml")));

        Assert.Equal(7, config.Instances);
        Assert.Equal([1, 2, 4], config.WavePlan());
        Assert.Equal("out", config.Artifact);
        Assert.Equal("/selftest", config.SelfTest.Path);
    }

    [Fact]
    public void Error_names_file_line_column_and_field()
    {
        var errors = ConfigAssert.Invalid("""
            build: make
            artifact: out
            run: ./app
            selftest:
              path: /selftest
              timeout: thirty
            """);

        var error = Assert.Single(errors);
        Assert.Equal(new ConfigError("slipway.yml", 6, 12, "selftest.timeout", "expected a duration such as 30s or 500ms, got \"thirty\""), error);
        Assert.Equal("slipway.yml:6:12: selftest.timeout: expected a duration such as 30s or 500ms, got \"thirty\"", error.ToString());
    }

    [Fact]
    public void Every_error_is_reported_not_just_the_first()
    {
        var errors = ConfigAssert.Invalid("""
            build: make
            instances: 0
            bake: soon
            waves: linear
            """);

        Assert.Equal(
            [
                "slipway.yml:1:1: artifact: required key is missing",
                "slipway.yml:1:1: run: required key is missing",
                "slipway.yml:2:12: instances: must be between 1 and 500, got 0",
                "slipway.yml:3:7: bake: expected a duration such as 30s or 500ms, got \"soon\"",
                "slipway.yml:4:8: waves: expected exponential or a list of wave sizes such as [1, 2, 4]; got \"linear\"",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Example_in_the_configuration_docs_reports_these_errors()
    {
        var errors = ConfigAssert.Invalid("""
            build: make
            artifact: ../out
            run:
            stop_timout: 5s
            replicas: 3
            instances: 7
            bake: 30
            waves: [1, 2, 4, 8]
            selftest:
              timeout: thirty
            checks:
              - name: errors
                metric: http_requests_total
                kind: error_rate
            """);

        Assert.Equal(
            [
                "slipway.yml:2:11: artifact: must stay inside the repository (no ..), got \"../out\"",
                "slipway.yml:3:1: run: required key has no value",
                "slipway.yml:4:1: stop_timout: unknown key \"stop_timout\"; did you mean \"stop_timeout\"?",
                "slipway.yml:5:1: replicas: unknown key \"replicas\"; expected one of: build, test, artifact, run, env, selftest, instances, waves, bake, stop_timeout, timeouts, checks, judge, tests, flags, build_secrets, migrations, workspace",
                "slipway.yml:7:7: bake: expected a duration such as 30s or 500ms, got \"30\" (add a unit: ms, s, m or h)",
                "slipway.yml:8:8: waves: the waves add up to 15, more than instances (7); the last waves would never run",
                "slipway.yml:10:12: selftest.timeout: expected a duration such as 30s or 500ms, got \"thirty\"",
                "slipway.yml:14:11: checks[0].kind: expected one of error_ratio, latency_quantile, counter_rate; got \"error_rate\", did you mean \"error_ratio\"?",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Unknown_key_suggests_the_near_miss()
    {
        var error = ConfigAssert.SingleError("stop_timout: 5s");

        Assert.Equal(4, error.Line);
        Assert.Equal(1, error.Column);
        Assert.Equal("stop_timout", error.Field);
        Assert.Equal("unknown key \"stop_timout\"; did you mean \"stop_timeout\"?", error.Message);
    }

    [Theory]
    [InlineData("stopTimeout: 5s", "stop_timeout")]
    [InlineData("self-test: { path: /x }", "selftest")]
    [InlineData("instance: 3", "instances")]
    [InlineData("bkae: 3s", "bake")]
    [InlineData("timeout: { build: 1m }", "timeouts")]
    public void Unknown_key_suggestion_covers_case_separators_and_typos(string line, string suggestion)
    {
        var error = ConfigAssert.SingleError(line);

        Assert.EndsWith($"did you mean \"{suggestion}\"?", error.Message);
    }

    [Fact]
    public void Unknown_key_without_a_near_miss_lists_the_known_keys()
    {
        var error = ConfigAssert.SingleError("replicas: 3");

        Assert.StartsWith("unknown key \"replicas\"; expected one of: build, test, artifact, run,", error.Message);
    }

    [Fact]
    public void Unknown_key_in_a_nested_section_is_named_by_its_path()
    {
        var error = ConfigAssert.SingleError("""
            selftest:
              path: /selftest
              timeot: 5s
            """);

        Assert.Equal((6, 3), (error.Line, error.Column));
        Assert.Equal("selftest.timeot", error.Field);
        Assert.Equal("unknown key \"timeot\"; did you mean \"timeout\"?", error.Message);
    }

    [Fact]
    public void Yaml_syntax_error_has_a_line_and_column()
    {
        var errors = ConfigAssert.Invalid("""
            build: make
            artifact: out
              run: ./app
            """);

        var error = Assert.Single(errors);
        Assert.Equal("slipway.yml", error.File);
        Assert.Equal(3, error.Line);
        Assert.True(error.Column >= 1);
        Assert.Equal("", error.Field);
        Assert.StartsWith("invalid YAML:", error.Message);
        Assert.StartsWith("slipway.yml:3:", error.ToString());
    }

    [Fact]
    public void Unclosed_flow_list_is_a_syntax_error_not_a_crash()
    {
        var error = Assert.Single(ConfigAssert.Invalid("build: [make, test\nartifact: out\n"));

        Assert.Equal("", error.Field);
        Assert.Contains("YAML", error.Message);
        Assert.True(error.Line >= 1 && error.Column >= 1);
    }

    [Fact]
    public void Duplicate_key_is_a_syntax_error_at_the_second_key()
    {
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\nbake: 3s\nbake: 4s\n"));

        Assert.Equal((5, 1), (error.Line, error.Column));
        Assert.Contains("duplicate key", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    public void Empty_file_is_an_error(string yaml)
    {
        var error = Assert.Single(ConfigAssert.Invalid(yaml));

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Top_level_list_is_an_error()
    {
        var error = Assert.Single(ConfigAssert.Invalid("- build: make\n"));

        Assert.Equal("slipway.yml:1:1: expected a mapping of keys such as build, artifact and run, got a list", error.ToString());
    }

    [Fact]
    public void Two_documents_are_an_error()
    {
        var error = Assert.Single(ConfigAssert.Invalid(ConfigAssert.Minimal + "\n---\nbuild: other\n"));

        Assert.Equal(5, error.Line);
        Assert.Contains("one YAML document", error.Message);
    }

    [Fact]
    public void Required_key_without_a_value_points_at_the_key()
    {
        var error = Assert.Single(ConfigAssert.Invalid("build: make\nartifact: out\nrun:\n"));

        Assert.Equal("slipway.yml:3:1: run: required key has no value", error.ToString());
    }

    [Fact]
    public void Build_accepts_a_single_command()
    {
        Assert.Equal(["make all"], ConfigAssert.Valid("build: make all\nartifact: out\nrun: ./app").Build);
    }

    [Fact]
    public void Build_list_items_must_be_commands()
    {
        var error = Assert.Single(ConfigAssert.Invalid("build:\n  - make\n  - { a: b }\nartifact: out\nrun: ./app\n"));

        Assert.Equal("slipway.yml:3:5: build[1]: expected a shell command, got a mapping", error.ToString());
    }

    [Fact]
    public void Empty_build_list_is_an_error()
    {
        var error = Assert.Single(ConfigAssert.Invalid("build: []\nartifact: out\nrun: ./app\n"));

        Assert.Equal("build", error.Field);
        Assert.Contains("at least one command", error.Message);
    }

    [Theory]
    [InlineData("/abs/out", "must be a path relative to the repository")]
    [InlineData("../elsewhere", "must stay inside the repository")]
    [InlineData("out/../../x", "must stay inside the repository")]
    [InlineData("C:/out", "must be a path relative to the repository")]
    public void Artifact_must_be_a_path_inside_the_repository(string path, string message)
    {
        var errors = ConfigAssert.Invalid($"build: make\nartifact: {path}\nrun: ./app\n");

        var error = Assert.Single(errors);
        Assert.Equal(("artifact", 2, 11), (error.Field, error.Line, error.Column));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Flags_path_follows_the_same_rules_as_artifact()
    {
        var error = ConfigAssert.SingleError("flags: /etc/flags.json");

        Assert.Equal("flags", error.Field);
    }

    [Theory]
    [InlineData("instances: 501", "instances", "must be between 1 and 500, got 501")]
    [InlineData("instances: seven", "instances", "expected a whole number, got \"seven\"")]
    [InlineData("instances: [7]", "instances", "expected a whole number, got a list")]
    [InlineData("bake: 30", "bake", "expected a duration such as 30s or 500ms, got \"30\" (add a unit: ms, s, m or h)")]
    [InlineData("stop_timeout: 5 s", "stop_timeout", "expected a duration such as 30s or 500ms, got \"5 s\"")]
    [InlineData("timeouts: { build: 0s }", "timeouts.build", "must be at least 1s, got 0s")]
    [InlineData("timeouts: 10m", "timeouts", "expected a mapping with build and test, got \"10m\"")]
    [InlineData("selftest: { path: selftest }", "selftest.path", "must start with /, got \"selftest\"")]
    [InlineData("selftest: { timeout: 0s }", "selftest.timeout", "must be at least 1ms, got 0s")]
    [InlineData("env: [A, B]", "env", "expected a mapping of NAME: value, got a list")]
    [InlineData("env: { PORT: 80 }", "env.PORT", "is reserved: Slipway sets PORT and SLIPWAY_* for every instance")]
    [InlineData("env: { SLIPWAY_VERSION: x }", "env.SLIPWAY_VERSION", "is reserved: Slipway sets PORT and SLIPWAY_* for every instance")]
    [InlineData("env: { \"bad name\": x }", "env", "expected an environment variable name (letters, digits and _), got \"bad name\"")]
    [InlineData("env: { A: [1] }", "env.A", "expected a single value, got a list")]
    [InlineData("test: [a, b]", "test", "expected a shell command, got a list")]
    [InlineData("test: ''", "test", "expected a shell command, got an empty string")]
    public void Invalid_value_is_reported_with_its_field(string line, string field, string message)
    {
        var error = ConfigAssert.SingleError(line);

        Assert.Equal(4, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Zero_bake_is_allowed()
    {
        Assert.Equal(TimeSpan.Zero, ConfigAssert.Valid(ConfigAssert.Minimal + "\nbake: 0s").Bake);
    }

    [Fact]
    public void Null_optional_value_means_the_default()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nselftest:\nbake: ~\ntest:\n");

        Assert.Equal(new SelfTestConfig(), config.SelfTest);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Bake);
        Assert.Null(config.Test);
    }

    [Fact]
    public void Explicit_waves_are_kept_in_order()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\ninstances: 10\nwaves: [1, 3, 6]");

        Assert.Equal(WaveMode.Explicit, config.Waves.Mode);
        Assert.Equal([1, 3, 6], config.Waves.Sizes);
        Assert.Equal([1, 3, 6], config.WavePlan());
    }

    [Fact]
    public void Explicit_waves_that_add_up_to_more_than_instances_are_an_error()
    {
        var error = ConfigAssert.SingleError("instances: 7\nwaves: [1, 2, 4, 8]");

        Assert.Equal(("waves", 5, 8), (error.Field, error.Line, error.Column));
        Assert.Equal("the waves add up to 15, more than instances (7); the last waves would never run", error.Message);
    }

    [Fact]
    public void Invalid_instances_do_not_also_fail_the_wave_sum()
    {
        var error = ConfigAssert.SingleError("instances: 0\nwaves: [1, 2, 4]");

        Assert.Equal("instances", error.Field);
    }

    [Fact]
    public void Explicit_waves_default_to_one_instance_when_instances_is_absent()
    {
        var error = ConfigAssert.SingleError("waves: [1, 2]");

        Assert.Equal("the waves add up to 3, more than instances (1); the last waves would never run", error.Message);
    }

    [Theory]
    [InlineData("waves: [1, 0]", "waves[1]", "expected a wave size of at least 1, got \"0\"")]
    [InlineData("waves: []", "waves", "expected at least one wave size, got an empty list")]
    [InlineData("waves: exponentail", "waves", "expected exponential or a list of wave sizes such as [1, 2, 4]; got \"exponentail\", did you mean \"exponential\"?")]
    public void Invalid_waves_are_reported(string line, string field, string message)
    {
        var error = ConfigAssert.SingleError(line);

        Assert.Equal((field, message), (error.Field, error.Message));
    }

    [Fact]
    public void Errors_are_sorted_by_position()
    {
        var errors = ConfigAssert.Invalid(ConfigAssert.Minimal + "\nbake: x\nchecks:\n  - name: a\n    metric: m\n    kind: nope\ninstances: 0\n");

        Assert.Equal([4, 8, 9], errors.Select(e => e.Line));
    }

    [Fact]
    public void Run_command_substitutes_the_port()
    {
        var config = ConfigAssert.Valid("build: make\nartifact: out\nrun: ./app --urls http://127.0.0.1:$PORT --x ${PORT}");

        Assert.Equal("./app --urls http://127.0.0.1:5123 --x 5123", config.RunCommand(5123));
    }

    [Fact]
    public void Field_can_be_left_out_of_the_formatted_error()
    {
        Assert.Equal("a.yml:1:2: oops", new ConfigError("a.yml", 1, 2, "", "oops").ToString());
    }

    [Fact]
    public void Custom_file_name_appears_in_errors()
    {
        var result = SlipwayConfigParser.Parse("build: make", "services/api/slipway.yml");

        Assert.All(result.Errors, e => Assert.Equal("services/api/slipway.yml", e.File));
        Assert.StartsWith("services/api/slipway.yml:1:1: artifact:", result.FormatErrors());
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Slipway.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Slipway.slnx not found above " + AppContext.BaseDirectory);
    }
}
