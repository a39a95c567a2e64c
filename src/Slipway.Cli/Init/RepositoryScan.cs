using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Slipway.Cli.Init;

/// <summary>
/// What <c>slipway init</c> reads from a service's repository: its projects (web and test), and in the chosen web
/// project's code its health endpoint, whether it reads SLIPWAY_DATA_DIR, and relative SQLite paths. Bounded: at most
/// <see cref="MaxFiles"/> files of at most <see cref="MaxFileBytes"/> each, <see cref="MaxDepth"/> folders deep.
/// </summary>
internal static partial class RepositoryScan
{
    public const int MaxFiles = 5000;
    public const int MaxDepth = 12;
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "out", ".git", "node_modules", "TestResults", ".slipway", "artifacts" };

    private static readonly string[] TestPackages = ["xunit", "NUnit", "MSTest", "MSTest.TestFramework", "Microsoft.NET.Test.Sdk", "TUnit"];

    /// <summary>Every .csproj under <paramref name="root"/>, read; unreadable ones are left out.</summary>
    public static List<DotnetProject> Projects(string root)
    {
        var projects = new List<DotnetProject>();
        foreach (var file in Files(root, f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
        {
            if (Read(root, file) is { } project)
            {
                projects.Add(project);
            }
        }

        return [.. projects.OrderBy(p => p.Path, StringComparer.Ordinal)];
    }

    /// <summary>The test projects that reference <paramref name="web"/>; when none does, every test project.</summary>
    public static List<DotnetProject> TestsOf(DotnetProject web, IReadOnlyList<DotnetProject> projects)
    {
        var tests = projects.Where(p => p.IsTest).ToList();
        var referencing = tests.Where(t => t.References.Contains(web.Path, StringComparer.Ordinal)).ToList();
        return referencing.Count > 0 ? referencing : tests;
    }

    /// <summary>The first production health endpoint in the project's code; else the first Development-only one; else null.</summary>
    public static HealthEndpoint? Health(string root, DotnetProject web)
    {
        var found = new List<HealthEndpoint>();
        foreach (var (file, text) in Sources(root, web))
        {
            foreach (Match match in HealthCall().Matches(text))
            {
                var kind = match.Groups["method"].Value;
                if (!match.Groups["path"].Success && kind == "MapHealthChecks")
                {
                    // A pattern from a constant or a setting: init cannot tell which path it is.
                    continue;
                }

                var path = match.Groups["path"].Success ? match.Groups["path"].Value : "/selftest";
                if (!path.StartsWith('/') || path.Contains('{', StringComparison.Ordinal))
                {
                    continue;
                }

                var line = text.AsSpan(0, match.Index).Count('\n') + 1;
                found.Add(new HealthEndpoint(path, kind, file, line, InsideDevelopmentBlock(text, match.Index)));
            }
        }

        // The Slipway self-test is made for this; among health checks, production ones first.
        return found.OrderBy(h => h.DevelopmentOnly).ThenBy(h => h.Kind == "MapSlipwaySelfTest" ? 0 : 1).FirstOrDefault();
    }

    /// <summary>Whether the project's code already reads SLIPWAY_DATA_DIR.</summary>
    public static bool ReadsDataDirectory(string root, DotnetProject web) =>
        Sources(root, web).Any(s => s.Text.Contains("SLIPWAY_DATA_DIR", StringComparison.Ordinal));

    /// <summary>Connection strings in the web project's appsettings*.json that put a SQLite file at a relative path.</summary>
    public static List<SqliteConnection> RelativeSqlite(string root, DotnetProject web)
    {
        var result = new List<SqliteConnection>();
        var folder = Path.Combine(root, Path.GetDirectoryName(web.Path) ?? string.Empty);
        foreach (var name in new[] { "appsettings.json", "appsettings.Production.json" })
        {
            var file = Path.Combine(folder, name);
            if (!File.Exists(file) || new FileInfo(file).Length > MaxFileBytes)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 32 });
                if (!doc.RootElement.TryGetProperty("ConnectionStrings", out var strings) || strings.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var entry in strings.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String
                        && SqliteDataSource().Match(entry.Value.GetString()!) is { Success: true } m
                        && m.Groups["file"].Value.Trim() is { Length: > 0 } path
                        && !Path.IsPathRooted(path) && !path.Contains('|', StringComparison.Ordinal)
                        && Path.GetExtension(path).ToLowerInvariant() is ".db" or ".sqlite" or ".sqlite3" or ".db3"
                        && !result.Any(r => r.Name == entry.Name))
                    {
                        result.Add(new SqliteConnection(entry.Name, Path.GetFileName(path)));
                    }
                }
            }
            catch (JsonException)
            {
                // Not ours to judge: the service's own start reports a broken appsettings.json.
            }
        }

        return result;
    }

    private static DotnetProject? Read(string root, string file)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(file);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or IOException)
        {
            return null;
        }

        var project = doc.Root;
        if (project is null)
        {
            return null;
        }

        var sdks = new List<string>();
        sdks.AddRange(((string?)project.Attribute("Sdk") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        sdks.AddRange(project.Elements("Sdk").Select(e => (string?)e.Attribute("Name") ?? string.Empty));
        sdks.AddRange(project.Elements("Import").Select(e => (string?)e.Attribute("Sdk") ?? string.Empty));
        var isWeb = sdks.Any(s => s.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase));
        var properties = project.Elements("PropertyGroup").Elements().ToList();
        var packages = project.Elements("ItemGroup").Elements("PackageReference").Select(e => (string?)e.Attribute("Include") ?? string.Empty).ToList();
        var isXunitV3 = packages.Any(IsXunitV3TestPackage);
        var isTest = properties.Any(p => p.Name.LocalName == "IsTestProject" && string.Equals(p.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            || isXunitV3
            || packages.Any(p => TestPackages.Contains(p, StringComparer.OrdinalIgnoreCase));
        var directory = Path.GetDirectoryName(file)!;
        var references = project.Elements("ItemGroup").Elements("ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .Where(i => i is { Length: > 0 })
            .Select(i => Relative(root, Path.GetFullPath(Path.Combine(directory, i!.Replace('\\', '/')))))
            .ToList();
        var assembly = properties.LastOrDefault(p => p.Name.LocalName == "AssemblyName")?.Value.Trim();
        if (assembly is null or { Length: 0 } || assembly.Contains('$', StringComparison.Ordinal))
        {
            assembly = Path.GetFileNameWithoutExtension(file);
        }

        return new DotnetProject(Relative(root, file), assembly, isWeb && !isTest, isTest, references, isXunitV3);
    }

    /// <summary>
    /// The xUnit v3 packages that make a project a test executable: xunit.v3, xunit.v3.core and the Testing Platform
    /// variants (xunit.v3.mtp-v1, xunit.v3.mtp-v2); not xunit.v3.extensibility.core or xunit.v3.assert, which libraries use.
    /// </summary>
    private static bool IsXunitV3TestPackage(string package) =>
        package.Equals("xunit.v3", StringComparison.OrdinalIgnoreCase)
        || package.Equals("xunit.v3.core", StringComparison.OrdinalIgnoreCase)
        || package.StartsWith("xunit.v3.mtp-", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(string File, string Text)> Sources(string root, DotnetProject web)
    {
        var folder = Path.Combine(root, Path.GetDirectoryName(web.Path) ?? string.Empty);
        foreach (var file in Files(folder, f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
        {
            yield return (Relative(root, file), File.ReadAllText(file));
        }
    }

    /// <summary>Whether <paramref name="index"/> lies inside the braces of an <c>if (….IsDevelopment())</c> above it.</summary>
    private static bool InsideDevelopmentBlock(string text, int index)
    {
        var before = text[..index];
        var check = before.LastIndexOf("IsDevelopment()", StringComparison.Ordinal);
        if (check < 0)
        {
            return false;
        }

        var depth = 0;
        var opened = false;
        for (var i = check; i < index; i++)
        {
            if (text[i] == '{')
            {
                depth++;
                opened = true;
            }
            else if (text[i] == '}')
            {
                depth--;
            }
        }

        // No brace: `if (env.IsDevelopment()) app.MapHealthChecks(…);` on the next statement counts too.
        return opened ? depth > 0 : !text[check..index].Contains(';', StringComparison.Ordinal);
    }

    private static IEnumerable<string> Files(string root, Func<string, bool> wanted)
    {
        var count = 0;
        var pending = new Stack<(string Dir, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (dir, depth) = pending.Pop();
            string[] files;
            string[] dirs;
            try
            {
                files = Directory.GetFiles(dir);
                dirs = Directory.GetDirectories(dir);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                continue;
            }

            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                if (++count > MaxFiles)
                {
                    throw new UsageException($"{root} holds more than {MaxFiles} files: run slipway init in the service's repository, or name the project with --project.");
                }

                if (wanted(file) && new FileInfo(file).Length <= MaxFileBytes)
                {
                    yield return file;
                }
            }

            if (depth < MaxDepth)
            {
                foreach (var sub in dirs.OrderDescending(StringComparer.Ordinal))
                {
                    if (!Skipped.Contains(Path.GetFileName(sub)) && (File.GetAttributes(sub) & FileAttributes.ReparsePoint) == 0)
                    {
                        pending.Push((sub, depth + 1));
                    }
                }
            }
        }
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    [GeneratedRegex("""\b(?<method>MapHealthChecks|MapSlipwaySelfTest)\s*\(\s*(?:"(?<path>[^"\r\n]{1,200})")?""")]
    private static partial Regex HealthCall();

    [GeneratedRegex("""(?:^|;)\s*(?:Data Source|DataSource|Filename)\s*=\s*(?<file>[^;]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteDataSource();
}
