using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Cli.Tests.Commands;

namespace Slipway.Cli.Tests.Glossary;

/// <summary>
/// docs/glossary.md is the vocabulary: the CLI's help and output, the API's answers and its OpenAPI document use its
/// status, trigger and kind words and its id formats, and none of its avoided words. A new word fails here until the
/// glossary names it.
/// </summary>
[Collection(PromotedServerCollection.Name)]
public sealed class GlossaryTests(LifecycleVerbTests.PromotedServer server)
{
    private static readonly Glossary Words = Glossary.Load();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The API fields that carry glossary words, by the schema that holds them in the OpenAPI document.</summary>
    private static readonly Dictionary<string, string> SchemaFields = new(StringComparer.Ordinal)
    {
        ["RunSummary.status"] = "run.status",
        ["RunSummary.trigger"] = "trigger",
        ["RolloutSummary.outcome"] = "rollout.outcome",
        ["RolloutSummary.trigger"] = "trigger",
        ["RolloutSummary.reason"] = "rollout.reason",
        ["InstanceView.state"] = "instance.state",
        ["InstanceStatusV1.state"] = "instance.state",
        ["TestRunSummary.outcome"] = "test.outcome",
        ["TestStageView.outcome"] = "test.outcome",
        ["TestResultRecord.outcome"] = "test.result",
        ["TestTriageRecord.kind"] = "triage.kind",
        ["HistoryEntry.kind"] = "history.kind",
        ["HistoryEntry.status"] = "history.status (run.status, release.status or rollout.outcome by kind)",
        ["HistoryEntry.trigger"] = "trigger",
        ["FlagView.state"] = "flag.state",
        ["ContractView.state"] = "contract.state",
        ["BakeProgressView.state"] = "bake.state",
        ["GuardedRolloutView.state"] = "guarded.state",
        ["GuardedRolloutView.outcome"] = "guarded.outcome",
    };

    [Fact]
    public void The_glossary_names_each_thing_with_an_id_format_and_each_field_with_its_words()
    {
        foreach (var thing in new[] { "service", "run", "release", "rollout", "wave", "instance", "verdict", "artifact", "bake", "watch window", "flag", "experiment", "token", "scope" })
        {
            Assert.True(Words.Things.ContainsKey(thing), $"docs/glossary.md has no row for '{thing}'");
        }

        Assert.Matches(Words.IdPattern("run"), "hello-5");
        Assert.Matches(Words.IdPattern("rollout"), "hello-r6");
        Assert.Matches(Words.IdPattern("instance"), "hello-r6-2");
        Assert.Matches(Words.IdPattern("release"), "hello@1a2b3c4");
        Assert.DoesNotMatch(Words.IdPattern("run"), "hello-r6");
        Assert.Equal(["deploy", "push", "resume", "rollback", "watch"], Words.Fields["trigger"].Order(StringComparer.Ordinal));
        Assert.Contains("rolled_back", Words.Fields["rollout.outcome"]);
    }

    [Fact]
    public async Task Every_status_trigger_and_kind_field_of_the_openapi_document_is_in_the_glossary()
    {
        using var response = await server.Bed.Api.Http.GetAsync("openapi/v1.json", Ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        var unnamed = new List<string>();
        var ids = new List<string>();
        foreach (var schema in doc.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("properties", out var properties))
            {
                continue;
            }

            foreach (var property in properties.EnumerateObject())
            {
                var key = $"{schema.Name}.{property.Name}";
                if (property.Name is "status" or "outcome" or "trigger" or "kind" or "state" && !SchemaFields.ContainsKey(key))
                {
                    unnamed.Add(key);
                }

                if (property.Name.EndsWith("Id", StringComparison.Ordinal) || property.Name.EndsWith("Ids", StringComparison.Ordinal))
                {
                    ids.Add(key);
                }
            }
        }

        Assert.True(unnamed.Count == 0, "fields with words the glossary does not govern (add them to docs/glossary.md and to SchemaFields): " + string.Join(", ", unnamed));
        Assert.Contains("RunSummary.runId", ids);
        Assert.Contains("RolloutSummary.rolloutId", ids);
        var things = ids.Select(k => Regex.Match(k.Split('.')[1], "^(.*?)Ids?$").Groups[1].Value).Distinct().ToList();
        Assert.All(things, thing => Assert.True(Words.Things.ContainsKey(thing), $"an API field names '{thing}' ids, and the glossary has no '{thing}'"));
    }

    [Fact]
    public async Task The_api_answers_use_only_glossary_words_and_id_formats()
    {
        var status = await JsonAsync("api/services/hello");
        var history = await JsonAsync("api/services/hello/history");
        var rolloutId = status.GetProperty("rollouts")[0].GetProperty("rolloutId").GetString()!;
        var rollout = await JsonAsync($"api/rollouts/{rolloutId}");

        var wrong = new List<string>();
        Walk(status, "status", null, wrong);
        Walk(history, "history", null, wrong);
        Walk(rollout, "rollout", null, wrong);

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.NotEmpty(status.GetProperty("fleet").EnumerateArray());
    }

    [Fact]
    public async Task The_cli_help_of_every_verb_avoids_the_words_the_glossary_replaces()
    {
        var wrong = new List<string>();
        foreach (var path in Paths(CliApp.Create(), []))
        {
            var help = await CliRun.RunAsync([.. path, "--help"]);
            foreach (var word in Words.AvoidedWords)
            {
                if (Regex.IsMatch(help.Stdout, $@"\b{Regex.Escape(word)}\b", RegexOptions.IgnoreCase))
                {
                    wrong.Add($"slipway {string.Join(' ', path)} --help says '{word}'");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_cli_output_of_status_and_history_uses_only_glossary_words_and_ids()
    {
        var status = await server.RunAsync("status", "hello");
        var history = await server.RunAsync("history", "hello");
        var push = await server.RunAsync("push", "hello");
        Assert.True(status.ExitCode == 0 && history.ExitCode == 0, status + "\n" + history);

        var wrong = new List<string>();
        var section = string.Empty;
        foreach (var line in status.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            if (!line.StartsWith(' '))
            {
                section = line.TrimEnd(':');
                continue;
            }

            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (section)
            {
                case "fleet":
                    Check(wrong, "instance", cells[0], $"status fleet line '{line}'");
                    Expect(wrong, "instance.state", cells[2], $"status fleet line '{line}'");
                    break;
                case "rollouts":
                    Check(wrong, "rollout", cells[0], $"status rollout line '{line}'");
                    Expect(wrong, "rollout.outcome", cells[2], $"status rollout line '{line}'");
                    break;
                case "runs":
                    Check(wrong, "run", cells[0], $"status run line '{line}'");
                    Expect(wrong, "run.status", cells[2], $"status run line '{line}'");
                    break;
                default:
                    wrong.Add($"status: unexpected section '{section}'");
                    break;
            }
        }

        foreach (var line in history.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (kind, id, trigger, word) = (cells[2], cells[3], cells[5], cells[6]);
            Expect(wrong, "history.kind", kind, $"history line '{line}'");
            Check(wrong, kind, id, $"history line '{line}'");
            if (trigger != "-")
            {
                Expect(wrong, "trigger", trigger, $"history line '{line}'");
            }

            Expect(wrong, StatusField(kind), word, $"history line '{line}'");
        }

        foreach (var word in Words.AvoidedWords)
        {
            foreach (var output in new[] { status.Stdout, history.Stdout, push.Stdout })
            {
                if (Regex.IsMatch(output, $@"\b{Regex.Escape(word)}\b", RegexOptions.IgnoreCase))
                {
                    wrong.Add($"output says '{word}': {output}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await server.Bed.Api.Http.GetAsync(path, Ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.Clone();
    }

    /// <summary>Checks every glossary-governed field of an answer: words by field (and context), ids by format.</summary>
    private static void Walk(JsonElement element, string where, string? parent, List<string> wrong)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, $"{where}[{i++}]", parent, wrong);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var kind = element.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        foreach (var property in element.EnumerateObject())
        {
            var at = $"{where}.{property.Name}";
            var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            switch (property.Name)
            {
                case "trigger" when text is not null:
                    Expect(wrong, "trigger", text, at);
                    break;
                case "outcome" when text is not null:
                    Expect(wrong, "rollout.outcome", text, at);
                    break;
                case "verdict" when text is not null:
                    Expect(wrong, "verdict", text, at);
                    break;
                case "kind" when text is not null:
                    Expect(wrong, "history.kind", text, at);
                    break;
                case "status" when text is not null && (parent is "runs" or "run" || kind is not null):
                    Expect(wrong, kind is null ? "run.status" : StatusField(kind), text, at);
                    break;
                case "state" when text is not null && parent == "fleet":
                    Expect(wrong, "instance.state", text, at);
                    break;
                case "reason" when text is not null && parent is "rollouts" or "rollout":
                    Expect(wrong, "rollout.reason", text, at);
                    break;
                case "runId" when text is not null:
                    Check(wrong, "run", text, at);
                    break;
                case "rolloutId" or "activeRollout" when text is not null:
                    Check(wrong, "rollout", text, at);
                    break;
                case "instanceId" when text is not null:
                    Check(wrong, "instance", text, at);
                    break;
                case "id" when text is not null && parent == "fleet":
                    Check(wrong, "instance", text, at);
                    break;
                case "id" when text is not null && kind is not null:
                    Check(wrong, kind, text, at);
                    break;
                case "instanceIds" or "retiredInstanceIds" or "baselineInstanceIds" when property.Value.ValueKind == JsonValueKind.Array:
                    foreach (var id in property.Value.EnumerateArray().Select(v => v.GetString()!))
                    {
                        Check(wrong, "instance", id, at);
                    }

                    break;
            }

            Walk(property.Value, at, property.Value.ValueKind == JsonValueKind.Object || property.Value.ValueKind == JsonValueKind.Array ? property.Name : parent, wrong);
        }
    }

    private static string StatusField(string kind) => kind switch
    {
        "run" => "run.status",
        "release" => "release.status",
        _ => "rollout.outcome",
    };

    private static void Expect(List<string> wrong, string field, string word, string where)
    {
        if (!Words.Fields.TryGetValue(field, out var words) || !words.Contains(word))
        {
            wrong.Add($"{where}: '{word}' is not a {field} word of docs/glossary.md");
        }
    }

    private static void Check(List<string> wrong, string thing, string id, string where)
    {
        // An instance of a rollout is a new one or a baseline (the old version beside a wave).
        var matches = thing == "instance"
            ? Words.IdPattern("instance").IsMatch(id) || Words.IdPattern("baseline").IsMatch(id)
            : Words.Things.ContainsKey(thing) && Words.IdPattern(thing).IsMatch(id);
        if (!matches)
        {
            wrong.Add($"{where}: '{id}' is not a {thing} id as docs/glossary.md writes it ({(Words.Things.TryGetValue(thing, out var t) ? t.Format : "no such thing")})");
        }
    }

    private static IEnumerable<string[]> Paths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            yield return path;
            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}
