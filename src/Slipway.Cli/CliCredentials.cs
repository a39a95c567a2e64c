namespace Slipway.Cli;

/// <summary>
/// The token a client verb sends: <c>--token T</c> on the command line, else <c>$SLIPWAY_TOKEN</c>, else the file that
/// <c>slipway login</c> writes (<c>$XDG_CONFIG_HOME/slipway/token</c>, else <c>~/.config/slipway/token</c>, mode 0600).
/// </summary>
internal static class CliCredentials
{
    public const string Variable = "SLIPWAY_TOKEN";

    private static readonly AsyncLocal<string?> CommandLine = new();

    /// <summary>The token for this invocation, or null when there is none anywhere.</summary>
    public static string? Token =>
        CommandLine.Value is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } env ? env.Trim()
        : File.Exists(FilePath) ? File.ReadAllText(FilePath).Trim() is { Length: > 0 } saved ? saved : null
        : null;

    public static string FilePath
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "slipway", "token");
        }
    }

    /// <summary>For one invocation (and what it awaits): the <c>--token</c> given on its command line.</summary>
    public static void Use(string? token) => CommandLine.Value = token;

    /// <summary>Saves a token where later invocations find it, readable by the owner only.</summary>
    public static string Save(string token)
    {
        var path = FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token + "\n");
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}
