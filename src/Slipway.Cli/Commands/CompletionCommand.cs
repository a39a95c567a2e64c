using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway completion bash|zsh`: prints a script that completes slipway's verbs, options and arguments in the shell.
/// The script asks slipway itself through System.CommandLine's <c>[suggest:POSITION]</c> directive, the same protocol
/// the dotnet-suggest tool uses, so no extra tool is needed: <c>source &lt;(slipway completion bash)</c>.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # slipway completion for bash: source <(slipway completion bash), or save it under ~/.local/share/bash-completion/completions/slipway
        _slipway_complete() {
            local IFS=$'\n'
            local suggestions
            suggestions=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${suggestions}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _slipway_complete slipway
        """;

    private const string Zsh = """
        # slipway completion for zsh: source <(slipway completion zsh), or add that line to ~/.zshrc
        _slipway_complete() {
            local -a suggestions
            suggestions=("${(@f)$(${words[1]} "[suggest:${#BUFFER}]" "${BUFFER}" 2>/dev/null)}")
            compadd -- $suggestions
        }
        compdef _slipway_complete slipway
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "print a shell completion script: source <(slipway completion bash)") { shell };
        command.SetAction(async (parse, ct) =>
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }
}
