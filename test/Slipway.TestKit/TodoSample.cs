namespace Slipway.TestKit;

/// <summary>samples/todo, the service with no Slipway code, copied for a test (without bin, obj and out).</summary>
public static class TodoSample
{
    public static string Source => Path.Combine(HelloSample.RepositoryRoot(), "samples", "todo");

    /// <summary>Copies samples/todo into <paramref name="target"/>; returns <paramref name="target"/>.</summary>
    public static string CopyTo(string target)
    {
        Copy(Source, target);
        return target;
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj" or "out" or "data" or ".git" or "TestResults"))
            {
                Copy(dir, Path.Combine(target, Path.GetFileName(dir)));
            }
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
