using Slipway.Core.Migrations;

namespace Slipway.Server.Migrations;

/// <summary>
/// Reads the migrations folder of a checkout: <c>*.sql</c> files at its top level (expand unless marked
/// <c>-- slipway: contract</c>) and in its <c>contract/</c> folder, in file-name order. Bounded, and never follows a
/// link out of the checkout.
/// </summary>
internal static class MigrationFolder
{
    public const int MaxFiles = 1000;

    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The files, or the reason the folder cannot be read (for the migrate step's message).</summary>
    public static (IReadOnlyList<MigrationFile> Files, string? Error) Read(string workspace, string relativePath)
    {
        var root = Path.GetFullPath(Path.Combine(workspace, relativePath));
        var checkout = Path.GetFullPath(workspace) + Path.DirectorySeparatorChar;
        if (!root.StartsWith(checkout, StringComparison.Ordinal) && root + Path.DirectorySeparatorChar != checkout)
        {
            return ([], $"migrations.path {relativePath} is outside the repository");
        }

        if (!Directory.Exists(root))
        {
            return ([], $"migrations.path {relativePath} does not exist in the commit (slipway.yml names it)");
        }

        var found = new List<(string Name, string Path)>();
        foreach (var path in Directory.EnumerateFiles(root, "*.sql", SearchOption.TopDirectoryOnly))
        {
            found.Add((Path.GetFileName(path), path));
        }

        var contract = Path.Combine(root, MigrationFile.ContractFolder);
        if (Directory.Exists(contract))
        {
            foreach (var path in Directory.EnumerateFiles(contract, "*.sql", SearchOption.TopDirectoryOnly))
            {
                found.Add((MigrationFile.ContractFolder + "/" + Path.GetFileName(path), path));
            }
        }

        if (found.Count > MaxFiles)
        {
            return ([], $"{relativePath} holds {found.Count} migration files, more than {MaxFiles}");
        }

        var files = new List<MigrationFile>();
        foreach (var (name, path) in found.OrderBy(f => Path.GetFileName(f.Name), StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                return ([], $"{relativePath}/{name} is a symbolic link; migration files must be plain files in the repository");
            }

            if (info.Length > MaxFileBytes)
            {
                return ([], $"{relativePath}/{name} is {info.Length} bytes, more than {MaxFileBytes}");
            }

            files.Add(MigrationFile.Create(name, File.ReadAllText(path)));
        }

        return (files, null);
    }
}
