using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Core.Config;
using Slipway.Core.Migrations;
using Slipway.Core.Sandbox;
using Slipway.Server.Pipelines;
using Slipway.Server.Secrets;

namespace Slipway.Server.Migrations;

/// <summary>
/// Reads a service's EF Core migrations through the real tooling: <c>dotnet tool restore</c> (dotnet-ef must be in the
/// repository's tool manifest), <c>dotnet build</c> of the project, <c>dotnet ef migrations list --json --no-connect</c>,
/// and one <c>dotnet ef migrations script 0 LAST --no-transactions</c>, cut into one migration per EF migration
/// (<see cref="EfScript"/>). Each then goes through the same gate, lock and journal as a SQL file. Every command runs in
/// the build steps' environment and user, with <c>SLIPWAY_MIGRATIONS_DATABASE</c> (sqlite or postgres) so a design-time
/// factory can choose its provider; no connection string is given, because scripting does not connect.
/// </summary>
internal static partial class EfMigrations
{
    /// <summary>The dotnet-ef version the docs and the error name (the one served beside EF Core 10).</summary>
    public const string ToolVersion = "10.0.15";

    /// <summary>The variable that tells the project's design-time factory which provider the script is for.</summary>
    public const string DatabaseVariable = "SLIPWAY_MIGRATIONS_DATABASE";

    /// <summary>The most script text read back from dotnet ef.</summary>
    public const int MaxScriptBytes = 16 * 1024 * 1024;

    private static readonly string[] Manifests = [Path.Combine(".config", "dotnet-tools.json"), "dotnet-tools.json"];

    /// <summary>How the tooling runs: the build steps' environment, log, timeout, masker and user.</summary>
    public sealed record Tooling(IReadOnlyDictionary<string, string> Environment, string LogPath, TimeSpan Timeout, SecretMasker Masker, RunAsUser? RunAs);

    public static async Task<(IReadOnlyList<MigrationFile> Files, string? Error)> ReadAsync(
        string workspace, string project, MigrationDatabase database, Tooling tooling, TimeProvider time, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(workspace);
        var full = Path.GetFullPath(Path.Combine(root, project));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return ([], $"migrations.ef {project} is outside the repository");
        }

        if (!File.Exists(full))
        {
            return ([], $"migrations.ef {project} does not exist in the commit (slipway.yml names it): name the .csproj of the project with the DbContext and its Migrations");
        }

        if (new FileInfo(full).LinkTarget is not null)
        {
            return ([], $"migrations.ef {project} is a symbolic link; name the project file itself");
        }

        var manifest = FindManifest(root, Path.GetDirectoryName(full)!);
        if (manifest is null)
        {
            return ([], $"dotnet-ef is missing: the repository has no tool manifest (.config/dotnet-tools.json) that lists dotnet-ef, which migrations.ef needs; add it with: dotnet new tool-manifest && dotnet tool install dotnet-ef --version {ToolVersion}");
        }

        // The tools run where dotnet finds the manifest: the folder that holds it (or its .config folder).
        var folder = Path.GetDirectoryName(manifest)!;
        var directory = Path.GetFileName(folder) == ".config" ? Path.GetDirectoryName(folder)! : folder;
        var environment = new Dictionary<string, string>(tooling.Environment, StringComparer.Ordinal)
        {
            [DatabaseVariable] = database == MigrationDatabase.Postgres ? "postgres" : "sqlite",
        };
        var quoted = Quote(full);

        var restore = await RunAsync("dotnet tool restore", directory, environment, tooling, time, null, cancellationToken);
        if (!restore.Succeeded)
        {
            return ([], $"dotnet tool restore failed{Ended(restore, tooling)}, so dotnet-ef {ToolVersion} is not available for migrations.ef:\n{restore.LogTail}");
        }

        var build = await RunAsync($"dotnet build {quoted} -nologo -v q", directory, environment, tooling, time, null, cancellationToken);
        if (!build.Succeeded)
        {
            return ([], $"the EF Core project {project} does not build{Ended(build, tooling)}, so its migrations cannot be scripted; nothing was migrated:\n{build.LogTail}");
        }

        var data = new List<string>();
        void Data(string line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (data)
                {
                    data.Add(line[5..]);
                }
            }
        }

        var list = await RunAsync($"dotnet ef migrations list --project {quoted} --no-build --no-connect --json --prefix-output", directory, environment, tooling, time, Data, cancellationToken);
        if (!list.Succeeded)
        {
            return ([], $"dotnet ef migrations list failed for {project}{Ended(list, tooling)}:\n{list.LogTail}");
        }

        var (ids, listError) = Ids(string.Join('\n', data));
        if (listError is not null)
        {
            return ([], $"dotnet ef migrations list for {project}: {listError}");
        }

        if (ids.Count == 0)
        {
            return ([], null);
        }

        var output = Path.Combine(root, ".slipway", "ef", "migrations.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.Delete(output);
        tooling.RunAs?.Own(Path.GetDirectoryName(output)!);
        var script = await RunAsync($"dotnet ef migrations script 0 {ids[^1]} --project {quoted} --no-build --no-transactions --prefix-output --output {Quote(output)}", directory, environment, tooling, time, null, cancellationToken);
        if (!script.Succeeded || !File.Exists(output))
        {
            return ([], $"dotnet ef migrations script failed for {project}{Ended(script, tooling)}:\n{script.LogTail}");
        }

        var info = new FileInfo(output);
        if (info.LinkTarget is not null || info.Length > MaxScriptBytes)
        {
            return ([], $"the script of dotnet ef for {project} is more than {MaxScriptBytes} bytes");
        }

        try
        {
            return (EfScript.Split(await File.ReadAllTextAsync(output, cancellationToken), ids), null);
        }
        catch (FormatException ex)
        {
            return ([], $"{project}: {ex.Message}");
        }
    }

    /// <summary>The ids in order from <c>migrations list --json</c>; each must look like an EF migration id.</summary>
    internal static (IReadOnlyList<string> Ids, string? Error) Ids(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.Length == 0 ? "[]" : json, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ([], "expected a JSON list of migrations");
            }

            var ids = new List<string>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
                if (id is null || !IdPattern().IsMatch(id))
                {
                    return ([], $"an entry is not an EF migration id: {item.GetRawText()[..Math.Min(200, item.GetRawText().Length)]}");
                }

                ids.Add(id);
            }

            return ids.Count > MigrationFolder.MaxFiles ? ([], $"{ids.Count} migrations, more than {MigrationFolder.MaxFiles}") : (ids, null);
        }
        catch (JsonException ex)
        {
            return ([], $"its output is not the JSON list it should be ({ex.Message})");
        }
    }

    /// <summary>The nearest tool manifest from the project's folder up to the repository's root that lists dotnet-ef.</summary>
    private static string? FindManifest(string root, string from)
    {
        for (var directory = from; directory.Length >= root.Length && directory.StartsWith(root, StringComparison.Ordinal); directory = Path.GetDirectoryName(directory)!)
        {
            foreach (var name in Manifests)
            {
                var path = Path.Combine(directory, name);
                if (File.Exists(path) && new FileInfo(path).Length < 1024 * 1024 && ListsDotnetEf(path))
                {
                    return path;
                }
            }

            if (directory == root)
            {
                break;
            }
        }

        return null;
    }

    private static bool ListsDotnetEf(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("tools", out var tools)
                && tools.ValueKind == JsonValueKind.Object
                && tools.EnumerateObject().Any(t => t.Name.Equals("dotnet-ef", StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Task<StepResult> RunAsync(string command, string directory, IReadOnlyDictionary<string, string> environment, Tooling tooling, TimeProvider time, Action<string>? onLine, CancellationToken cancellationToken) =>
        ShellStep.RunAsync(command, directory, tooling.LogPath, tooling.Timeout, environment, onLine, time, cancellationToken, tooling.Masker, tooling.RunAs);

    private static string Ended(StepResult result, Tooling tooling) => result.TimedOut
        ? $" (killed after the {tooling.Timeout.TotalSeconds:0.#} s build timeout)"
        : $" (exit {result.ExitCode})";

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[0-9]{14}_[A-Za-z_][A-Za-z0-9_]{0,200}$")]
    private static partial Regex IdPattern();
}
