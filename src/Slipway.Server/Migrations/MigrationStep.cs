using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Core.Migrations;
using Slipway.Server.Journal;
using Slipway.Server.Secrets;

namespace Slipway.Server.Migrations;

/// <summary>
/// The pipeline's <c>migrate</c> step, after package and before the release exists (so before wave 1): reads the
/// migrations folder, refuses a file that changed after it ran, runs the gate on a scratch copy of the production
/// schema, and applies the pending expand migrations once, under the lock, each in a transaction. Pending contracts
/// are journaled as waiting for this release's watch window. Every failure stops the run here with a clear message.
/// </summary>
internal sealed class MigrationStep(EventJournal journal, SecretVault vault, TimeProvider time, OldCodeCheck? oldCode = null)
{
    /// <summary>The most contract text that may wait in the journal for one release.</summary>
    public const int MaxWaitingContractBytes = 256 * 1024;

    public sealed record Result(bool Succeeded, string Summary);

    public async Task<Result> RunAsync(string service, string runId, string commit, MigrationsConfig config, string workspace, CancellationToken cancellationToken, EfMigrations.Tooling? tooling = null)
    {
        var secrets = vault.Values(service, [config.Secret]);
        if (!secrets.TryGetValue(config.Secret, out var connection))
        {
            return new Result(false, $"migrations.secret names {config.Secret}, which service '{service}' does not have (or that no longer decrypts): slipway secrets set {service} {config.Secret}");
        }

        try
        {
            // SQL files from the folder, or EF Core migrations scripted by dotnet ef (after the secret check: that takes
            // a build): one migration each, the same gate from here on.
            var (files, folderError) = config.Ef is { } project
                ? await EfMigrations.ReadAsync(workspace, project, config.Database, tooling ?? throw new InvalidOperationException("EF migrations need the build steps' tooling"), time, cancellationToken)
                : MigrationFolder.Read(workspace, config.Path!);
            if (folderError is not null)
            {
                return new Result(false, folderError);
            }

            var database = MigrationDatabases.Open(config.Database, connection, time);
            var applied = (await database.AppliedAsync(cancellationToken)).ToDictionary(a => a.File, StringComparer.Ordinal);
            var changed = files.Where(f => applied.TryGetValue(f.Name, out var a) && a.Checksum != f.Checksum).ToList();
            if (changed.Count > 0)
            {
                var f = changed[0];
                return new Result(false, $"{config.Where(f.Name)} changed after it ran (run {applied[f.Name].RunId} applied checksum {applied[f.Name].Checksum[..12]}, the file now has {f.Checksum[..12]}): a migration that ran is never edited; revert it and add a new {(config.Ef is null ? "file" : "migration")}");
            }

            // With EF, a migration that EF's own history lists ran already (the app migrated itself before Slipway did).
            var efRan = config.Ef is null
                ? []
                : (await database.EfHistoryAsync(cancellationToken)).Where(id => !applied.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
            var adopted = files.Count(f => efRan.Contains(f.Name));
            var adoptedText = adopted > 0 ? $"; {adopted} migration(s) that EF's {MigrationFile.EfHistoryTable} lists as applied were not run again" : "";
            var pending = files.Where(f => !applied.ContainsKey(f.Name) && !efRan.Contains(f.Name)).ToList();
            var expands = pending.Where(f => f.Phase == MigrationPhase.Expand).ToList();
            var contracts = pending.Where(f => f.Phase == MigrationPhase.Contract).ToList();
            if (pending.Count == 0)
            {
                return new Result(true, $"no pending migrations ({applied.Count} applied){adoptedText}");
            }

            // The gate: the pending migrations on a scratch database with the production schema.
            var started = time.GetTimestamp();
            IReadOnlyList<MigrationFinding> findings;
            string? oldCodeSummary = null;
            var production = Production(service);
            Func<IScratchDatabase, CancellationToken, Task<MigrationFinding?>>? check = oldCode is null || production is null
                ? null
                : async (scratch, ct) =>
                {
                    var outcome = await oldCode.RunAsync(service, runId, production, config, scratch, expands[^1].Name, ct);
                    oldCodeSummary = outcome.Summary;
                    return outcome.Finding;
                };
            await using (var scratch = await database.CreateScratchAsync(cancellationToken))
            {
                findings = await MigrationGate.CheckAsync(scratch, expands, contracts, config.Database, cancellationToken, check);
            }

            findings = Acknowledge(findings, config.Acknowledge);
            var blocking = findings.Where(f => f.Blocks).ToList();
            await journal.AppendAsync(
                new MigrationGateChecked(service, runId, commit, pending.Select(p => p.Name).ToList(),
                    findings.Select(f => new MigrationFindingRecord(f.Rule, f.File, f.Line, f.Breaks, f.Rewrite, f.Check, f.AcknowledgedReason)).ToList(),
                    blocking.Count > 0, time.GetElapsedTime(started).TotalSeconds),
                CancellationToken.None);
            if (blocking.Count > 0)
            {
                var lines = blocking.Select(f => $"  {f.Rule} at {config.Where(f.File)}:{f.Line} ({f.Check}): {f.Breaks}\n    safe rewrite: {f.Rewrite}");
                return new Result(false, $"the migration gate blocked {blocking.Count} finding(s); nothing was migrated or deployed:\n{string.Join('\n', lines)}"
                    + (oldCodeSummary is null ? "" : $"\n  {oldCodeSummary}"));
            }

            // Apply the expands, once, under the lock.
            var ran = new List<string>();
            await using (var held = await database.LockAsync(cancellationToken))
            {
                foreach (var file in expands)
                {
                    var fileStarted = time.GetTimestamp();
                    if (await held.ApplyAsync(file, runId, cancellationToken))
                    {
                        ran.Add(file.Name);
                        await journal.AppendAsync(new MigrationApplied(service, runId, file.Name, "expand", file.Checksum, time.GetElapsedTime(fileStarted).TotalSeconds), CancellationToken.None);
                    }
                }
            }

            if (contracts.Count > 0)
            {
                var waiting = contracts.Select(c => new PendingContractRecord(c.Name, c.Checksum, c.Sql)).ToList();
                if (waiting.Sum(w => (long)w.Sql.Length) > MaxWaitingContractBytes)
                {
                    return new Result(false, $"the pending contract migrations hold more than {MaxWaitingContractBytes} bytes of SQL; split them over releases");
                }

                await journal.AppendAsync(new ContractMigrationsWaiting(service, runId, commit, waiting), CancellationToken.None);
            }

            var acknowledged = findings.Count(f => !f.Blocks);
            return new Result(true, $"applied {ran.Count} expand migration(s){(ran.Count > 0 ? ": " + string.Join(", ", ran) : "")}"
                + (contracts.Count > 0 ? $"; {contracts.Count} contract(s) wait for this release's watch window: {string.Join(", ", contracts.Select(c => c.Name))}" : "")
                + (acknowledged > 0 ? $"; {acknowledged} acknowledged finding(s)" : "")
                + adoptedText
                + (oldCodeSummary is null ? "" : $"; {oldCodeSummary}"));
        }
        catch (MigrationException ex)
        {
            return new Result(false, ex.Message);
        }
        catch (System.Data.Common.DbException ex)
        {
            // Anything else the database says (a catalog read, a lost connection) still stops the run here, in words.
            return new Result(false, $"the {MigrationText.Database(config.Database)} database failed during migrate: {ex.Message}");
        }
        catch (IOException ex)
        {
            return new Result(false, $"migrate could not read or write a file: {ex.Message}");
        }
    }

    /// <summary>The release in production now, whose code the gate's third check starts on the migrated schema; null before the first promotion.</summary>
    private OldCodeCheck.Production? Production(string service) => journal.Read(s =>
        s.Services.TryGetValue(service, out var view) && view.Lifecycle.ProductionVersion is { } version && view.Lifecycle.ReleaseOf(version) is { } release
            ? new OldCodeCheck.Production(version, release.ArtifactDigest, release.ConfigYaml)
            : null);

    /// <summary>A finding that slipway.yml acknowledges (same rule and file) carries its reason and no longer blocks.</summary>
    internal static IReadOnlyList<MigrationFinding> Acknowledge(IReadOnlyList<MigrationFinding> findings, IReadOnlyList<MigrationAcknowledgement> acknowledgements) =>
        findings.Select(f => acknowledgements.FirstOrDefault(a => a.Rule == f.Rule && a.File == f.File) is { } a && f.Rule != MigrationRules.ApplyFailed
            ? f with { AcknowledgedReason = a.Reason }
            : f).ToList();
}
