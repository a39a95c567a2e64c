namespace Slipway.Bench.Setup;

internal static class RepoRoot
{
    /// <summary>The Slipway repository: the first folder up from here (or from the bench binary) that holds Slipway.slnx.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Slipway.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the Slipway repository (Slipway.slnx): run the bench from inside it.");
    }
}
