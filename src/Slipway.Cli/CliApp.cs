using Slipway.Cli.Commands;
using Slipway.Server.Testing;

namespace Slipway.Cli;

/// <summary>The `slipway` command: one verb per file under Commands/, each testable with captured output.</summary>
internal static class CliApp
{
    public const string Usage = """
        usage: slipway <verb> [options]

          demo [--json] [--keep] [--data DIR]      commit to production on this machine, for real
          demo tests [--json] [--keep] [--data DIR]  a commit whose tests depend on their order is stopped, its fix promoted
          server [--url URL] [--data DIR] [--postgres CONN] [--no-agent]
          agent --server URL [--host NAME] [--data DIR]
          services add <name> <repository> [--branch B] [--port P] [--poll SECONDS]
          status [service]                         fleet, rollouts and runs
          deploy <service> <commit>                roll out a commit (refused while a rollout runs)
          rollback <service>                       roll back the running rollout, or to the previous release
          pause <service> | resume <service>       hold or release the next wave
          push <service>                           check the repository for a new commit now
          tests <service> [--top N] [--release TEST]  slowest, flaky and quarantined tests; recent seeds and verdicts
          test [--seed N] [--shards K] [--order "A.B.C;A.B.D"] ... <project>...
                                                   run tests locally as the pipeline does: seeded shuffle, shards, triage
          flags list|get|set|enable|disable|rollout <key> <percent>|import <file>|export  --service S [--environment E]
          experiments results <key> --service S [--goal EVENT]

        Client verbs talk to --server URL (default $SLIPWAY_SERVER or http://127.0.0.1:7400).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await stdout.WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "demo" => await DemoCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "server" => await ServerCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "agent" => await AgentCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "services" => await ServicesCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "status" => await StatusCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "deploy" => await ControlCommands.DeployAsync(rest, stdout, stderr, cancellationToken),
                "rollback" => await ControlCommands.SimpleAsync("rollback", rest, stdout, stderr, cancellationToken),
                "pause" => await ControlCommands.SimpleAsync("pause", rest, stdout, stderr, cancellationToken),
                "resume" => await ControlCommands.SimpleAsync("resume", rest, stdout, stderr, cancellationToken),
                "push" => await ControlCommands.SimpleAsync("push", rest, stdout, stderr, cancellationToken),
                "tests" => await TestsCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "test" => await TestCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "flags" => await FlagsCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                "experiments" => await ExperimentsCommand.RunAsync(rest, stdout, stderr, cancellationToken),
                _ => await UnknownAsync(args[0], stderr),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"slipway {args[0]}: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> UnknownAsync(string verb, TextWriter stderr)
    {
        await stderr.WriteLineAsync($"slipway: unknown verb '{verb}'.");
        await stderr.WriteLineAsync(Usage);
        return 2;
    }
}
