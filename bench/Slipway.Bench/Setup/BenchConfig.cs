using System.Text;

namespace Slipway.Bench.Setup;

/// <summary>The slipway.yml of a bench repository. Its build step copies the sample published once, and there is no test step.</summary>
internal sealed record BenchConfig
{
    public required string Published { get; init; }

    public int Instances { get; init; } = 7;

    /// <summary>YAML for the waves key: "exponential" or a list such as "[1, 2, 4]".</summary>
    public string Waves { get; init; } = "[1, 2, 4]";

    public string Bake { get; init; } = "1s";

    public string SelfTestTimeout { get; init; } = "60s";

    /// <summary>Run a wrapper script from the repository instead of the sample directly.</summary>
    public bool RunScript { get; init; }

    /// <summary>The run command instead of the sample's (or the wrapper script's); null keeps those.</summary>
    public string? Run { get; init; }

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The judge section. Benches without load declare that a wave without traffic is promoted at the end of its
    /// bake (the immune system's default is to extend the bake and then roll back); the zero-downtime bench has load.
    /// </summary>
    public string Judge { get; init; } = "{ max_bake_extension: 0s, not_enough_data: promote }";

    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# Bench config: the build step copies samples/hello, published once by the bench.");
        yaml.AppendLine("build:");
        yaml.AppendLine(RunScript
            ? $"  - cp -r '{Published}' out && cp run.sh out/run.sh"
            : $"  - cp -r '{Published}' out");
        yaml.AppendLine("artifact: out");
        yaml.AppendLine(Run is { } run
            ? $"run: \"{run}\""
            : RunScript
            ? "run: sh run.sh $PORT"
            : "run: dotnet Hello.dll --urls http://127.0.0.1:$PORT");
        if (Env.Count > 0)
        {
            yaml.AppendLine("env:");
            foreach (var (key, value) in Env)
            {
                yaml.AppendLine($"  {key}: \"{value}\"");
            }
        }

        yaml.AppendLine("selftest:");
        yaml.AppendLine("  path: /selftest");
        yaml.AppendLine($"  timeout: {SelfTestTimeout}");
        yaml.AppendLine($"instances: {Instances}");
        yaml.AppendLine($"waves: {Waves}");
        yaml.AppendLine($"bake: {Bake}");
        yaml.AppendLine($"judge: {Judge}");
        return yaml.ToString();
    }
}
