using Microsoft.Extensions.Logging;
using Slipway.Core.Services;
using Slipway.Server.Hosting;
using Slipway.Server.Journal;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Deletes artifacts no release needs any more (<see cref="ReleaseRetention"/>), after each rollout and at start,
/// the per-run workspaces a stopped server left behind, and the warm workspaces of services that are no longer registered. The journal keeps the record of every release; only the bytes go.
/// </summary>
internal sealed partial class ArtifactRetention(EventJournal journal, ArtifactStore artifacts, ServerPaths paths, SlipwayServerOptions options, ILogger<ArtifactRetention> logger)
{
    private readonly Lock _gate = new();

    public int Prune()
    {
        lock (_gate)
        {
            var keep = journal.Read(s => ReleaseRetention.DigestsToKeep(
                s.Services.Values.Select(v => v.Lifecycle),
                s.Fleet.Instances.Select(i => i.ArtifactDigest),
                options.KeepReleases));
            var deleted = 0;
            foreach (var digest in artifacts.Digests())
            {
                if (!keep.Contains(digest) && artifacts.TryDelete(digest))
                {
                    deleted++;
                }
            }

            if (deleted > 0)
            {
                LogPruned(logger, deleted, keep.Count);
            }

            return deleted;
        }
    }

    /// <summary>
    /// At start nothing runs a pipeline yet, so every per-run workspace (<c>work/</c>) is a leftover of a run a stop cut
    /// short. A warm workspace (<c>workspaces/&lt;service&gt;</c>) stays while its service is registered: a run that a stop
    /// cut short left no <c>.built</c> marker, so the next run starts it clean (<see cref="WarmWorkspace"/>).
    /// </summary>
    public void DeleteLeftoverWorkspaces()
    {
        var leftovers = Directory.Exists(paths.Workspaces) ? Directory.EnumerateDirectories(paths.Workspaces).ToList() : [];
        if (Directory.Exists(paths.WarmWorkspaces))
        {
            var services = journal.Read(s => s.Services.Keys.ToHashSet(StringComparer.Ordinal));
            leftovers.AddRange(Directory.EnumerateDirectories(paths.WarmWorkspaces).Where(w => !services.Contains(Path.GetFileName(w))));
            foreach (var marker in Directory.EnumerateFiles(paths.WarmWorkspaces, "*.built").Where(m => !services.Contains(Path.GetFileNameWithoutExtension(m))))
            {
                File.Delete(marker);
            }
        }

        foreach (var workspace in leftovers)
        {
            try
            {
                Directory.Delete(workspace, recursive: true);
            }
            catch (IOException ex)
            {
                LogWorkspaceKept(logger, workspace, ex.Message);
            }
            catch (UnauthorizedAccessException ex)
            {
                LogWorkspaceKept(logger, workspace, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Deleted {Deleted} artifact(s) no release needs; {Kept} kept")]
    private static partial void LogPruned(ILogger logger, int deleted, int kept);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Could not delete the leftover workspace {Workspace}: {Reason}")]
    private static partial void LogWorkspaceKept(ILogger logger, string workspace, string reason);
}
