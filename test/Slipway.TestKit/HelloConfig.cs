using System.Globalization;
using System.Text;

namespace Slipway.TestKit;

/// <summary>
/// A slipway.yml for a test service. By default it deploys the prebuilt sample: the build step copies the published
/// output, there is no test step, the bake is short. Every instance carries the owner's marker so that the test can
/// find and kill whatever it started, whatever happens.
/// </summary>
public sealed record HelloConfig
{
    public required string Owner { get; init; }

    public string Build { get; init; } = "true";

    public string Artifact { get; init; } = "out";

    public string? Test { get; init; }

    public string Run { get; init; } = "dotnet Hello.dll --urls http://127.0.0.1:$PORT";

    public int Instances { get; init; } = 3;

    public string Waves { get; init; } = "exponential";

    public string Bake { get; init; } = "200ms";

    public string SelfTestTimeout { get; init; } = "30s";

    public string StopTimeout { get; init; } = "3s";

    /// <summary>The sample's greeting; empty makes its self-test fail (Greeting:Text missing).</summary>
    public string? Greeting { get; init; } = "Hello";

    /// <summary>The Slipway server the instances' SDK streams flags from (<c>Slipway__ServerUrl</c>); null: flags from the shipped file.</summary>
    public Uri? FlagServer { get; init; }

    /// <summary>Extra raw lines appended at the end of the file.</summary>
    public string Extra { get; init; } = string.Empty;

    /// <summary>The config of a service that deploys the sample published in <paramref name="published"/>.</summary>
    public static HelloConfig ForSample(string owner, string published) => new()
    {
        Owner = owner,
        Build = $"rm -rf out && cp -r '{published}' out",
    };

    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# written by Slipway.TestKit");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"build: {Quote(Build)}");
        if (Test is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"test: {Quote(Test)}");
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"artifact: {Artifact}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"run: {Quote(Run)}");
        yaml.AppendLine("env:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  TESTKIT_OWNER: {Quote(Owner)}");
        if (Greeting is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  Greeting__Text: {Quote(Greeting)}");
        }

        if (FlagServer is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  Slipway__ServerUrl: {Quote(FlagServer.AbsoluteUri)}");
        }

        yaml.AppendLine("selftest:");
        yaml.AppendLine("  path: /selftest");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  timeout: {SelfTestTimeout}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"instances: {Instances}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"waves: {Waves}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"bake: {Bake}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"stop_timeout: {StopTimeout}");
        if (Judge is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"judge: {Judge}");
        }

        yaml.Append(Extra);
        return yaml.ToString();
    }

    /// <summary>
    /// The judge section. The tests drive no traffic, so by default a wave with no data is promoted at the end of its
    /// bake (the immune system's own default extends the bake, then rolls back). Null leaves the section out.
    /// </summary>
    public string? Judge { get; init; } = "{ max_bake_extension: 0s, not_enough_data: promote }";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
