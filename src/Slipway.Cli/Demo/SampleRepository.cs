using Slipway.Server.Pipelines;

namespace Slipway.Cli.Demo;

/// <summary>A real git repository made from samples/hello, where the demo commits its changes.</summary>
internal sealed class SampleRepository(string path)
{
    public string Path { get; } = path;

    /// <summary>Finds samples/hello by walking up from the current directory and from the tool's own folder.</summary>
    public static string FindSample()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "samples", "hello");
                if (File.Exists(System.IO.Path.Combine(candidate, "slipway.yml")))
                {
                    return candidate;
                }
            }
        }

        throw new UsageException("cannot find samples/hello: run the demo from the Slipway repository.");
    }

    public static async Task<SampleRepository> CreateAsync(string sample, string target, CancellationToken ct)
    {
        SampleSource.CopyTree(sample, target);
        var repo = new SampleRepository(target);
        await Git.RunAsync(target, ct, "init", "--quiet", "--initial-branch=main");
        return repo;
    }

    public async Task<string> CommitAsync(string message, CancellationToken ct)
    {
        await Git.RunAsync(Path, ct, "add", "--all");
        await Git.RunAsync(Path, ct, "-c", "user.name=Slipway Demo", "-c", "user.email=demo@slipway.invalid", "commit", "--quiet", "-m", message);
        return await Git.RunAsync(Path, ct, "rev-parse", "HEAD");
    }

    /// <summary>Replaces text in a file of the repository; fails loudly if the text is not there, so the demo never commits a no-op.</summary>
    public void Replace(string relativePath, string from, string to)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        var text = File.ReadAllText(file);
        if (!text.Contains(from, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{relativePath} does not contain {from}; the sample changed and the demo must follow.");
        }

        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }
}
