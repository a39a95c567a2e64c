using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Slipway.Core.Journal;
using Slipway.Flags;
using Slipway.Server.Api;
using Slipway.Flags.Reassignment;
using Slipway.Server.Journal;

namespace Slipway.Server.Flags;

/// <summary>
/// Every change to flags goes through here: it validates strictly (nothing is changed on a bad definition), computes
/// the reassignment a change causes, and journals one <see cref="FlagsChanged"/> as the audit entry. Changes are
/// serialized, so a read-modify-write never loses another writer's change.
/// </summary>
internal sealed partial class FlagService(EventJournal journal, ILogger<FlagService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FlagsProjection? _projection;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._:-]{0,127}$")]
    private static partial Regex FlagKey();

    public static FlagScope Scope(string? service, string? environment)
    {
        if (!ServiceName().IsMatch(service ?? string.Empty))
        {
            throw new SlipwayProblemException(400, "Invalid service name", $"'{ApiLimits.Shorten(service ?? string.Empty)}' is not a service name: use 1-63 lowercase letters, digits and '-'.");
        }

        var env = string.IsNullOrWhiteSpace(environment) ? FlagScope.DefaultEnvironment : environment;
        if (!EnvironmentName().IsMatch(env))
        {
            throw new SlipwayProblemException(400, "Invalid environment", $"'{ApiLimits.Shorten(env)}' is not an environment name: use letters, digits, '.', '_' and '-'.");
        }

        return new FlagScope(service!, env);
    }

    public static void CheckKey(string? key)
    {
        if (!FlagKey().IsMatch(key ?? string.Empty))
        {
            throw new SlipwayProblemException(400, "Invalid flag key", $"'{ApiLimits.Shorten(key ?? string.Empty)}' is not a flag key: use up to 128 letters, digits, '.', '_', ':' and '-'.");
        }
    }

    public FlagSetSnapshot Snapshot(FlagScope scope) => journal.Read(s => s.Flags.Snapshot(scope));

    /// <summary>The current snapshot without the journal's lock (snapshots are immutable): for evaluation hot paths.</summary>
    public FlagSetSnapshot CurrentSnapshot(FlagScope scope) => (_projection ??= journal.Read(s => s.Flags)).Snapshot(scope);

    public FlagDefinition Get(FlagScope scope, string key) =>
        Snapshot(scope).Document.TryGetFlag(key, out var flag) ? flag : throw FlagProblems.NotFound(scope, key);

    public async Task<FlagChangeResult> SetAsync(FlagScope scope, string key, JsonElement flag, SetMode mode, string by, string action, CancellationToken ct)
    {
        CheckKey(key);
        await _gate.WaitAsync(ct);
        try
        {
            var current = Snapshot(scope);
            var exists = current.Document.TryGetFlag(key, out var before);
            if (mode == SetMode.CreateOnly && exists)
            {
                throw new SlipwayProblemException(409, "Flag exists", $"Flag '{key}' already exists for {scope}; update it instead.");
            }

            if (mode == SetMode.UpdateOnly && !exists)
            {
                throw FlagProblems.NotFound(scope, key);
            }

            var after = Validated(current.Document, key, flag);
            if (exists && JsonElement.DeepEquals(before!.Json, flag))
            {
                return new FlagChangeResult(current, false, ReassignmentAnalysis.Preview(before, after));
            }

            var preview = exists ? ReassignmentAnalysis.Preview(before!, after) : null;
            var edit = new FlagEdit(key, exists ? FlagDocumentJson.Compact(before!.Json) : null, FlagDocumentJson.Compact(flag));
            await journal.AppendAsync(new FlagsChanged(scope.Service, scope.Environment, action, by, [edit]), ct);
            LogChanged(logger, action, key, scope.ToString(), by);
            return new FlagChangeResult(Snapshot(scope), true, preview);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<FlagChangeResult> SetStateAsync(FlagScope scope, string key, bool enabled, string by, CancellationToken ct) =>
        SetStateAsync(scope, key, enabled, by, null, ct);

    public Task<FlagChangeResult> SetStateAsync(FlagScope scope, string key, bool enabled, string by, string? reason, CancellationToken ct) =>
        ModifyAsync(scope, key, enabled ? "enable" : "disable", by, reason, flag =>
        {
            var node = JsonNode.Parse(flag.Json.GetRawText())!.AsObject();
            node["state"] = enabled ? "ENABLED" : "DISABLED";
            return FlagDocumentJson.Element(node.ToJsonString());
        }, ct);

    public Task<FlagChangeResult> RolloutAsync(FlagScope scope, string key, int percent, string? variant, string by, CancellationToken ct) =>
        RolloutAsync(scope, key, percent, variant, by, null, ct);

    public Task<FlagChangeResult> RolloutAsync(FlagScope scope, string key, int percent, string? variant, string by, string? reason, CancellationToken ct) =>
        ModifyAsync(scope, key, "rollout", by, reason, flag => PercentageRollout.Rewrite(flag, percent, variant), ct);

    public async Task<FlagChangeResult> DeleteAsync(FlagScope scope, string key, string by, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = Snapshot(scope);
            if (!current.Document.TryGetFlag(key, out var before))
            {
                throw FlagProblems.NotFound(scope, key);
            }

            await journal.AppendAsync(new FlagsChanged(scope.Service, scope.Environment, "delete", by, [new FlagEdit(key, FlagDocumentJson.Compact(before.Json), null)]), ct);
            LogChanged(logger, "delete", key, scope.ToString(), by);
            return new FlagChangeResult(Snapshot(scope), true, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What share of users would switch variant if the flag became <paramref name="proposed"/>. Changes nothing.</summary>
    public ReassignmentPreview Preview(FlagScope scope, string key, JsonElement proposed, IReadOnlyList<EvaluationContext>? sample)
    {
        var current = Snapshot(scope);
        if (!current.Document.TryGetFlag(key, out var before))
        {
            throw FlagProblems.NotFound(scope, key);
        }

        return ReassignmentAnalysis.Preview(before, Validated(current.Document, key, proposed), sample);
    }

    public JsonElement ProposedRollout(FlagScope scope, string key, int percent, string? variant) =>
        PercentageRollout.Rewrite(Get(scope, key), percent, variant);

    /// <summary>
    /// Imports a flagd document. Merge (the default) creates and updates the file's flags and keeps the others; replace
    /// also deletes flags the file does not have. The result must be valid as a whole, or nothing changes.
    /// </summary>
    public async Task<ImportResult> ImportAsync(FlagScope scope, string json, bool replace, string by, string action, CancellationToken ct)
    {
        var validation = FlagDocument.Validate(json);
        if (!validation.IsValid)
        {
            throw FlagProblems.Invalid("Invalid flag document", validation.Errors);
        }

        var incoming = validation.Document!;
        await _gate.WaitAsync(ct);
        try
        {
            var current = Snapshot(scope);
            var plan = Plan(current.Document, incoming, replace, onlyMissing: false);
            if (plan.Edits.Count == 0 && !plan.SharedChanged)
            {
                return new ImportResult(current, [], [], [], plan.Unchanged, false);
            }

            await journal.AppendAsync(Change(scope, action, by, plan), ct);
            LogImported(logger, scope.ToString(), plan.Created.Count, plan.Updated.Count, plan.Deleted.Count, by);
            return new ImportResult(Snapshot(scope), plan.Created, plan.Updated, plan.Deleted, plan.Unchanged, plan.SharedChanged);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Creates the flags a promoted release declares that this set has never had (and evaluators it lacks). Flags that
    /// exist, or existed and were deleted at run time, are left as they are. Recorded once per release.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ApplyReleaseAsync(FlagScope scope, string version, string declaredJson, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var (current, known, applied) = journal.Read(s =>
            {
                var set = s.Flags.Find(scope);
                return (set?.Current ?? FlagSetSnapshot.Empty(scope), set?.KnownKeys.ToHashSet(StringComparer.Ordinal) ?? [], set?.AppliedReleases.Contains(version) == true);
            });
            if (applied)
            {
                return null;
            }

            var incoming = FlagDocument.ParseLenient(declaredJson);
            var plan = Plan(current.Document, incoming, replace: false, onlyMissing: true, known);
            var short7 = version.Length > 7 ? version[..7] : version;
            var events = new List<SlipwayEvent>();
            if (plan.Edits.Count > 0 || plan.SharedChanged)
            {
                events.Add(Change(scope, "release", $"release {short7}", plan));
            }

            events.Add(new ReleaseFlagsApplied(scope.Service, scope.Environment, version, plan.Created));
            await journal.AppendAsync(events, ct);
            return plan.Created;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<FlagChangeResult> ModifyAsync(FlagScope scope, string key, string action, string by, string? reason, Func<FlagDefinition, JsonElement> change, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var current = Snapshot(scope);
            if (!current.Document.TryGetFlag(key, out var before))
            {
                throw FlagProblems.NotFound(scope, key);
            }

            var json = change(before);
            var after = Validated(current.Document, key, json);
            var preview = ReassignmentAnalysis.Preview(before, after);
            if (JsonElement.DeepEquals(before.Json, json))
            {
                return new FlagChangeResult(current, false, preview);
            }

            await journal.AppendAsync(new FlagsChanged(scope.Service, scope.Environment, action, by, [new FlagEdit(key, FlagDocumentJson.Compact(before.Json), FlagDocumentJson.Compact(json))], Reason: ApiLimits.Reason(reason)), ct);
            LogChanged(logger, action, key, scope.ToString(), by);
            return new FlagChangeResult(Snapshot(scope), true, preview);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static FlagDefinition Validated(FlagDocument document, string key, JsonElement flag)
    {
        var errors = document.ValidateFlag(key, flag);
        if (errors.Count > 0)
        {
            throw FlagProblems.Invalid("Invalid flag definition", errors);
        }

        return document.WithFlag(key, flag).Flags[key];
    }

    private static FlagsChanged Change(FlagScope scope, string action, string by, ImportPlan plan) =>
        new(scope.Service, scope.Environment, action, by, plan.Edits, plan.SharedChanged ? plan.SharedBefore : null, plan.SharedChanged ? plan.SharedAfter : null);

    private static ImportPlan Plan(FlagDocument current, FlagDocument incoming, bool replace, bool onlyMissing, IReadOnlySet<string>? known = null)
    {
        var edits = new List<FlagEdit>();
        List<string> created = [], updated = [], deleted = [], unchanged = [];
        var result = current.Flags.ToDictionary(f => f.Key, f => f.Value.Json, StringComparer.Ordinal);
        foreach (var (key, flag) in incoming.Flags)
        {
            if (current.TryGetFlag(key, out var existing))
            {
                if (onlyMissing || JsonElement.DeepEquals(existing.Json, flag.Json))
                {
                    unchanged.Add(key);
                    continue;
                }

                updated.Add(key);
                edits.Add(new FlagEdit(key, FlagDocumentJson.Compact(existing.Json), FlagDocumentJson.Compact(flag.Json)));
            }
            else
            {
                if (onlyMissing && known?.Contains(key) == true)
                {
                    unchanged.Add(key);
                    continue;
                }

                created.Add(key);
                edits.Add(new FlagEdit(key, null, FlagDocumentJson.Compact(flag.Json)));
            }

            result[key] = flag.Json;
        }

        if (replace)
        {
            foreach (var (key, flag) in current.Flags.Where(f => !incoming.Flags.ContainsKey(f.Key)))
            {
                deleted.Add(key);
                edits.Add(new FlagEdit(key, FlagDocumentJson.Compact(flag.Json), null));
                result.Remove(key);
            }
        }

        var sharedBefore = FlagDocumentJson.Shared(current);
        var incomingShared = FlagDocumentJson.Shared(incoming);
        var sharedAfter = replace ? incomingShared : MergeShared(sharedBefore, incomingShared, onlyMissing);
        var sharedChanged = !SameJson(sharedBefore, sharedAfter);

        // The result must hold as a whole: e.g. a kept flag may $ref an evaluator the file no longer has.
        var whole = FlagDocument.Validate(FlagDocumentJson.Compose(result, sharedAfter));
        if (!whole.IsValid)
        {
            throw FlagProblems.Invalid("Invalid flag document", whole.Errors);
        }

        return new ImportPlan(edits, created, updated, deleted, unchanged, sharedBefore, sharedAfter, sharedChanged);
    }

    /// <summary>Evaluators are merged by name (the file's win, unless only missing ones may be added); metadata is the file's if it has one.</summary>
    private static string? MergeShared(string? current, string? incoming, bool onlyMissing)
    {
        if (incoming is null)
        {
            return current;
        }

        if (current is null)
        {
            return incoming;
        }

        var result = JsonNode.Parse(current)!.AsObject();
        var add = JsonNode.Parse(incoming)!.AsObject();
        if (add[FlagDocumentJson.EvaluatorsProperty] is JsonObject evaluators)
        {
            if (result[FlagDocumentJson.EvaluatorsProperty] is not JsonObject target)
            {
                result[FlagDocumentJson.EvaluatorsProperty] = target = [];
            }

            foreach (var (name, rule) in evaluators)
            {
                if (!onlyMissing || !target.ContainsKey(name))
                {
                    target[name] = rule?.DeepClone();
                }
            }
        }

        if (add[FlagDocumentJson.MetadataProperty] is JsonObject metadata && (!onlyMissing || !result.ContainsKey(FlagDocumentJson.MetadataProperty)))
        {
            result[FlagDocumentJson.MetadataProperty] = metadata.DeepClone();
        }

        return result.ToJsonString();
    }

    private static bool SameJson(string? a, string? b) =>
        a is null || b is null ? a is null && b is null : JsonElement.DeepEquals(FlagDocumentJson.Element(a), FlagDocumentJson.Element(b));

    private sealed record ImportPlan(
        List<FlagEdit> Edits,
        List<string> Created,
        List<string> Updated,
        List<string> Deleted,
        List<string> Unchanged,
        string? SharedBefore,
        string? SharedAfter,
        bool SharedChanged);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Flag {Key} of {Scope}: {Action} by {By}")]
    private static partial void LogChanged(ILogger logger, string action, string key, string scope, string by);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Flags of {Scope} imported by {By}: {Created} created, {Updated} updated, {Deleted} deleted")]
    private static partial void LogImported(ILogger logger, string scope, int created, int updated, int deleted, string by);
}
