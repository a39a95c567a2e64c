using System.Collections;

namespace Slipway.Core.Sandbox;

/// <summary>
/// The environment a build step, a test process or an instance starts from: never the server's or the agent's own,
/// only PATH, HOME, the dotnet variables (<c>DOTNET_*</c>, <c>NUGET_PACKAGES</c>) and the locale (<c>LANG</c>, <c>LC_ALL</c>,
/// <c>TZ</c>). Whatever else a child sees, its caller adds by name.
/// </summary>
public static class StepEnvironment
{
    /// <summary>PATH when the parent has none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static readonly string[] Passed = ["PATH", "LANG", "LC_ALL", "TZ", "NUGET_PACKAGES"];

    /// <summary>The base variables, read from this process's environment, with HOME set to <paramref name="home"/>.</summary>
    public static Dictionary<string, string> Base(string home)
    {
        var parent = Environment.GetEnvironmentVariables();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in parent)
        {
            if (entry.Key is string key && entry.Value is string value
                && (key.StartsWith("DOTNET_", StringComparison.Ordinal) || Passed.Contains(key, StringComparer.Ordinal)))
            {
                variables[key] = value;
            }
        }

        variables.TryAdd("PATH", DefaultPath);

        // A HOME of its own would start from an empty NuGet cache; on a machine without a feed, the restore would fail.
        // So the parent's cache is named explicitly (read by the step, never its HOME): set NUGET_PACKAGES to choose another.
        if (!variables.ContainsKey("NUGET_PACKAGES")
            && Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } profile
            && Path.Combine(profile, ".nuget", "packages") is var cache
            && Directory.Exists(cache))
        {
            variables["NUGET_PACKAGES"] = cache;
        }

        variables["HOME"] = home;
        variables["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        variables["DOTNET_NOLOGO"] = "1";
        return variables;
    }

    /// <summary>
    /// What to hand to an API that merges with the parent's environment (CliWrap, <c>ProcessStartInfo.Environment</c>):
    /// every parent variable not in <paramref name="variables"/> set to null (removed), then <paramref name="variables"/>.
    /// </summary>
    public static Dictionary<string, string?> Replacing(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key)
            {
                result[key] = null;
            }
        }

        foreach (var (key, value) in variables)
        {
            result[key] = value;
        }

        return result;
    }
}
