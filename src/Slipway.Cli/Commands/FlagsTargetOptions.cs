using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>The options every flag and experiment verb takes: <c>--service S [--environment E] [--server URL]</c>.</summary>
internal sealed class FlagsTargetOptions
{
    private readonly Option<string> _service = new("--service") { Description = "the service whose flags these are", HelpName = "NAME", Required = true };
    private readonly Option<string> _environment = new("--environment") { Description = "the environment", HelpName = "NAME", DefaultValueFactory = _ => "production" };
    private readonly Option<Uri> _server = CliOptions.Server();

    /// <summary>A new command with these options; add its arguments and own options to it.</summary>
    public static (Command Command, FlagsTargetOptions Target) Command(string name, string description)
    {
        var target = new FlagsTargetOptions();
        var command = new Command(name, description) { target._service, target._environment, target._server };
        return (command, target);
    }

    public FlagsTarget Read(ParseResult parse) => new(parse.GetValue(_service)!, parse.GetValue(_environment)!, parse.GetValue(_server)!);
}
