using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using Slipway.Cli.Commands;

namespace Slipway.Cli;

/// <summary>
/// The `slipway` command, on System.CommandLine: one verb per file under Commands/, each testable with captured output.
/// The usage text is the parser's own help, so it lists exactly the options each verb accepts. Exit codes: 0 ok,
/// 1 failure, 2 usage error (unknown verb or option, extra or missing argument, bad value).
/// </summary>
internal static class CliApp
{
    public const int UsageError = 2;

    private const string TokenOptionName = "--token";

    /// <summary>The informational version of this build of the CLI, as <c>--version</c> prints it.</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The command tree. Built anew for each run: System.CommandLine symbols hold no state, but this keeps runs apart.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Slipway: commit to production in minutes, each step checked by the system itself. Client verbs talk to --server URL.")
        {
            DemoCommand.Create(),
            ServerCommand.Create(),
            AgentCommand.Create(),
            ServicesCommand.Create(),
            InitCommand.Create(),
            StatusCommand.Create(),
            HistoryCommand.Create(),
            LogsCommand.Create(),
            DeployCommand.Create(),
            RollbackCommand.Create(),
            PauseCommand.Create(),
            ResumeCommand.Create(),
            PushCommand.Create(),
            TestsCommand.Create(),
            TestCommand.Create(),
            FlagsCommand.Create(),
            ExperimentsCommand.Create(),
            SecretsCommand.Create(),
            TokensCommand.Create(),
            DoraCommand.Create(),
            LoginCommand.Create(),
            CompletionCommand.Create(),
        };
        root.Options.Add(TokenOption());
        root.HelpName = "slipway";
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersion();
        }

        return root;
    }

    /// <summary>Parses without invoking; `@file` is an argument (flags set takes one), not a response file.</summary>
    public static ParseResult Parse(string[] args) =>
        Create().Parse(args is ["help", .. var rest] ? [.. rest, "--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var parse = Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            // The long-running verbs (server, agent, demo) handle Ctrl+C themselves and shut down in order.
            ProcessTerminationTimeout = null,
        };

        if (args.Length == 0)
        {
            await parse.RootCommandResult.Command.Parse(["--help"]).InvokeAsync(invocation, cancellationToken);
            return UsageError;
        }

        // Shell completion asks "[suggest:N] line" (see CompletionCommand): a half-typed line is no usage error there.
        var suggesting = args[0].StartsWith("[suggest", StringComparison.Ordinal);
        if (parse.Action is not HelpAction && !suggesting && Problems(parse) is { Count: > 0 } problems)
        {
            var path = CommandPath(parse.CommandResult);
            foreach (var problem in problems)
            {
                await stderr.WriteLineAsync($"{path}: {problem}");
            }

            await stderr.WriteLineAsync($"Run '{path} --help' for its usage.");
            return UsageError;
        }

        try
        {
            CliCredentials.Use(parse.GetValue<string?>(TokenOptionName));
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"{CommandPath(parse.CommandResult)}: {ex.Message}");
            return UsageError;
        }
    }

    /// <summary><c>--token T</c> on every verb: the token to send, ahead of $SLIPWAY_TOKEN and the saved one.</summary>
    private static Option<string?> TokenOption() => new(TokenOptionName)
    {
        Description = "the API token (default: $SLIPWAY_TOKEN, else the one 'slipway login' saved)",
        HelpName = "TOKEN",
        Recursive = true,
    };

    /// <summary>What is wrong with a command line, one sentence each; empty when it can run.</summary>
    internal static List<string> Problems(ParseResult parse)
    {
        var problems = new List<string>();
        var tokens = parse.Tokens.ToList();
        if (parse.Action is PrintVersion)
        {
            return tokens.Count > 1 && !(tokens.Count == 2 && parse.UnmatchedTokens is ["--json"]) ? ["--version takes no other arguments but --json."] : problems;
        }

        var doubleDash = tokens.FindIndex(t => t.Type == TokenType.DoubleDash);

        // An unknown option lands in a free argument slot ("status --bogus"); only after "--" may an argument start with '-'.
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            foreach (var argument in result.Command.Arguments)
            {
                foreach (var token in parse.GetResult(argument)?.Tokens ?? [])
                {
                    var at = tokens.FindIndex(t => ReferenceEquals(t, token));
                    if (LooksLikeOption(token.Value) && (doubleDash < 0 || at < doubleDash))
                    {
                        problems.Add($"unknown option {token.Value}.");
                    }
                }
            }
        }

        // Unknown tokens in this CLI's words; System.CommandLine's own error for each is left out below.
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens;
        foreach (var token in command.Subcommands.Count > 0 ? unmatched.Take(1) : unmatched)
        {
            problems.Add(LooksLikeOption(token) ? $"unknown option {token}."
                : command.Subcommands.Count > 0 ? $"unknown verb '{token}'."
                : $"unexpected argument '{token}'.");
        }

        foreach (var error in parse.Errors)
        {
            if (error.SymbolResult is CommandResult && unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue;
            }

            var problem = error.SymbolResult switch
            {
                ArgumentResult { Tokens.Count: 0 } missing => $"missing {missing.Argument.Name}.",
                OptionResult { IdentifierToken: not null, Tokens.Count: 0 } option when option.Option.Arity.MinimumNumberOfValues > 0 => $"{option.Option.Name} needs a value.",
                OptionResult { IdentifierToken: null } option when option.Option.Required => $"{option.Option.Name} is required.",
                CommandResult c when c.Command.Subcommands.Count > 0 && c.Children.OfType<CommandResult>().Any() is false =>
                    parse.UnmatchedTokens.Count > 0 ? null : $"missing verb: one of {string.Join(", ", c.Command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name))}.",
                _ => error.Message,
            };
            if (problem is not null && !problems.Contains(problem))
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>"--name" or "-n"; not "-5", which is a number.</summary>
    private static bool LooksLikeOption(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) ? token.Length > 2 : token.Length > 1 && token[0] == '-' && char.IsLetter(token[1]);

    /// <summary>"slipway flags set": the words that name the command, as a user types them.</summary>
    internal static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (CommandResult? c = result; c is not null; c = c.Parent as CommandResult)
        {
            names.Add(c.Parent is null ? "slipway" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>`--version`: the informational version of the CLI (not of whatever process hosts it, such as a test runner).</summary>
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(parseResult.UnmatchedTokens is ["--json"]
                ? System.Text.Json.JsonSerializer.Serialize(new { version = Version }, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
                : Version);
            return 0;
        }
    }
}
