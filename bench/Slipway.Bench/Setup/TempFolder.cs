namespace Slipway.Bench.Setup;

/// <summary>A temp folder for one bench, deleted at the end unless --keep.</summary>
internal sealed class TempFolder(string path, bool keep) : IDisposable
{
    public string Path { get; } = path;

    public static TempFolder Create(string name, bool keep)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"slipway-bench-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return new TempFolder(path, keep);
    }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (keep)
        {
            Console.WriteLine($"kept {Path}");
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
