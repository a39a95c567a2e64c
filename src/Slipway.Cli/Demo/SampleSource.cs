using System.Xml.Linq;

namespace Slipway.Cli.Demo;

/// <summary>
/// Copies a sample, and the Slipway projects it references, out of this repository. A sample references
/// <c>lib/&lt;project&gt;</c> when it is built on its own (as the demo, the tests and the bench build it), else the project
/// under this repository's <c>src/</c>.
/// </summary>
internal static class SampleSource
{
    /// <summary>
    /// What samples/hello references: Slipway.Sdk and the flag engine under it, and Slipway.Testing, whose orderer runs
    /// its tests in the test stage's seeded order.
    /// </summary>
    public static readonly IReadOnlyList<string> HelloLibraries = ["Slipway.Sdk", "Slipway.Flags", "Slipway.Testing"];

    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", "out", ".git", "TestResults" };

    /// <summary>
    /// Copies each of <paramref name="projects"/> from <paramref name="slipwaySource"/> (this repository's <c>src/</c>) into
    /// <c>lib/</c> of <paramref name="repository"/>, with the files its project compiles in from a sibling folder
    /// (<c>&lt;Compile Include="..\Slipway.Core\Testing\TestOrder.cs" /&gt;</c>) in the same relative layout, so it builds there.
    /// </summary>
    public static void CopyLibraries(string slipwaySource, string repository, IEnumerable<string> projects)
    {
        var lib = Path.GetFullPath(Path.Combine(repository, "lib"));
        foreach (var project in projects)
        {
            var from = Path.Combine(slipwaySource, project);
            var file = Path.Combine(from, project + ".csproj");
            if (!File.Exists(file))
            {
                throw new UsageException($"cannot find {file}: the sample is built with the Slipway projects of this repository.");
            }

            var to = Path.Combine(lib, project);
            CopyTree(from, to);
            foreach (var linked in LinkedFiles(file))
            {
                var target = Path.GetFullPath(Path.Combine(to, linked));
                if (!target.StartsWith(lib + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{file} compiles in {linked}, which would land outside {lib}.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.GetFullPath(Path.Combine(from, linked)), target, overwrite: true);
            }
        }
    }

    /// <summary>Copies a folder's files and subfolders, leaving out build output, test results and git's folder.</summary>
    public static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (!Skipped.Contains(name))
            {
                CopyTree(dir, Path.Combine(target, name));
            }
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>The <c>Compile Include</c> paths of a project file that reach outside its folder, with '/' separators.</summary>
    private static IEnumerable<string> LinkedFiles(string project) =>
        XDocument.Load(project).Descendants("Compile")
            .Select(e => ((string?)e.Attribute("Include"))?.Replace('\\', '/'))
            .OfType<string>()
            .Where(p => p.StartsWith("../", StringComparison.Ordinal))
            .ToList();
}
