using Slipway.TestKit;

namespace Slipway.Cli.Tests.Commands;

/// <summary>`slipway secrets set|list|remove` against a real in-process server: the value is never printed.</summary>
public sealed class SecretsCommandTests
{
    private const string Value = "cli-s3cret-9a8b7c";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_set_list_and_remove_print_names_and_never_the_value()
    {
        await using var bed = await TestBed.CreateAsync("cli-secrets", Ct);
        await bed.CommitYamlAsync("build: \"exit 3\"\nartifact: out\nrun: ./app\n", "never builds", Ct);
        await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        var url = bed.Api.Server.ToString();

        var set = await CliRun.RunAsync("secrets", "set", "hello", "API_TOKEN", "--value", Value, "--server", url, "--token", bed.AdminToken!);
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("hello: secret API_TOKEN set", set.Stdout.Trim());

        var list = await CliRun.RunAsync("secrets", "list", "hello", "--server", url, "--token", bed.AdminToken!);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("API_TOKEN", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, list.Stdout + list.Stderr + set.Stdout + set.Stderr, StringComparison.Ordinal);

        var remove = await CliRun.RunAsync("secrets", "remove", "hello", "API_TOKEN", "--server", url, "--token", bed.AdminToken!);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal("hello: secret API_TOKEN removed", remove.Stdout.Trim());

        var again = await CliRun.RunAsync("secrets", "remove", "hello", "API_TOKEN", "--server", url, "--token", bed.AdminToken!);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("404 Secret not found", again.Stderr, StringComparison.Ordinal);

        var tooShort = await CliRun.RunAsync("secrets", "set", "hello", "PIN", "--value", "123", "--server", url, "--token", bed.AdminToken!);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.StartsWith("400 Invalid secret value", tooShort.Stderr, StringComparison.Ordinal);
    }
}
