using Slipway.Core.Config;
using Slipway.Core.Journal;
using Slipway.Core.Migrations;
using Slipway.Core.Services;
using Slipway.Server.Journal;
using Slipway.Server.Secrets;

namespace Slipway.Server.Migrations;

/// <summary>
/// Runs the contract migrations that the planner found ready (their release promoted and watched, or acknowledged), on
/// the database of that release's slipway.yml, under the migration lock, each in its own transaction, recorded with its
/// checksum like an expand. Each ends in the journal: <c>MigrationApplied</c> (phase contract) or
/// <c>ContractMigrationFailed</c> with the reason. A crash between the database's commit and the journal is safe: the
/// next attempt finds the file recorded in <c>slipway_migrations</c> with the same checksum and journals it as applied.
/// </summary>
internal sealed class ContractRunner(EventJournal journal, SecretVault vault, TimeProvider time)
{
    public async Task RunAsync(string service, IReadOnlyList<ContractMigration> contracts, CancellationToken cancellationToken)
    {
        foreach (var contract in contracts)
        {
            var started = time.GetTimestamp();
            var yaml = journal.Read(s => s.Services.TryGetValue(service, out var view) ? view.Lifecycle.ReleaseOf(contract.Version)?.ConfigYaml : null);
            var failure = await ApplyAsync(service, contract, yaml, cancellationToken);
            SlipwayEvent outcome = failure is null
                ? new MigrationApplied(service, contract.RunId, contract.File, "contract", contract.Checksum, time.GetElapsedTime(started).TotalSeconds)
                : new ContractMigrationFailed(service, contract.RunId, contract.File, vault.Masker(service).Apply(failure));
            await journal.AppendAsync(outcome, CancellationToken.None);
        }
    }

    /// <summary>Null when applied (or already recorded by an earlier attempt); else why not.</summary>
    private async Task<string?> ApplyAsync(string service, ContractMigration contract, string? yaml, CancellationToken cancellationToken)
    {
        if (yaml is null || SlipwayConfigParser.Parse(yaml).Config?.Migrations is not { } config)
        {
            return $"the release {contract.Version[..Math.Min(7, contract.Version.Length)]} has no migrations section to run {contract.File} with";
        }

        var file = config.Ef is null ? MigrationFile.Create(contract.File, contract.Sql) : MigrationFile.CreateEf(contract.File, contract.Sql);
        if (file.Checksum != contract.Checksum)
        {
            return $"{contract.File}: its journaled text no longer has its checksum {contract.Checksum[..12]}";
        }

        if (!vault.Values(service, [config.Secret]).TryGetValue(config.Secret, out var connection))
        {
            return $"migrations.secret names {config.Secret}, which service '{service}' does not have (or that no longer decrypts): slipway secrets set {service} {config.Secret}";
        }

        try
        {
            var database = MigrationDatabases.Open(config.Database, connection, time);
            await using var held = await database.LockAsync(cancellationToken);
            await held.ApplyAsync(file, contract.RunId, cancellationToken);
            return null;
        }
        catch (MigrationException ex)
        {
            return ex.Message;
        }
        catch (System.Data.Common.DbException ex)
        {
            return $"the {MigrationText.Database(config.Database)} database failed while {contract.File} ran: {ex.Message}";
        }
    }
}
