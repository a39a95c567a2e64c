using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway secrets &lt;verb&gt;`: a service's secrets. One file per verb.</summary>
internal static class SecretsCommand
{
    public static Command Create() => new("secrets", "a service's secrets: encrypted at rest, given to its instances, masked in every log")
    {
        SecretsSetCommand.Create(),
        SecretsListCommand.Create(),
        SecretsRemoveCommand.Create(),
    };

    public static Argument<string> NameArgument() => new("name") { Description = "the secret's name, which is also the environment variable's" };

    public static string Path(string service, string? name = null) =>
        $"api/services/{Uri.EscapeDataString(service)}/secrets" + (name is null ? "" : "/" + Uri.EscapeDataString(name));
}
