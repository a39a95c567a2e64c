namespace Slipway.Flags.Tests.Definitions;

/// <summary>
/// Seeded, bounded mutation of real documents: whatever the text, validating never throws, a lenient read throws
/// only <see cref="FlagDefinitionException"/>, and evaluating what was read never throws. (The seed is in the
/// case name, so a failure replays.)
/// </summary>
public sealed class FlagDocumentFuzzTests
{
    private static readonly string[] Fragments =
    [
        "null", "true", "-1", "4611686018427387904", "1e308", "\"\"", "\"../../etc\"", "[]", "{}",
        """{ "$ref": "e_3" }""", """{ "$ref": "missing" }""", """{ "fractional": [["on", 4611686018427387904], ["off", -5]] }""",
        """{ "map": [[1, 2, 3], { "var": "" }] }""", """{ "reduce": [[1, 2, 3], { "cat": [{ "var": "accumulator" }, { "var": "accumulator" }] }, "x"] }""",
        """{ "if": [true, "nope"] }""", new string('[', 70) + new string(']', 70), "\"flags\": {}, ", ",", ":", "\"", "{", "}", "[", "]",
    ];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_mutated_document_is_refused_or_read_and_never_throws_anything_else(int seed)
    {
        var random = new Random(seed);
        string[] sources = [TestFlags.Rollout, HostileDocumentTests.DoublingRefs(levels: 14)];
        for (var round = 0; round < 25; round++)
        {
            var json = Mutate(sources[random.Next(sources.Length)], random, mutations: 1 + random.Next(4));

            var result = FlagDocument.Validate(json);
            Assert.All(result.Errors, e => Assert.NotNull(e.Reason));

            FlagDocument document;
            try
            {
                document = FlagDocument.ParseLenient(json);
            }
            catch (FlagDefinitionException)
            {
                continue;
            }

            var evaluator = new FlagEvaluator(document);
            foreach (var key in document.Flags.Keys)
            {
                evaluator.Evaluate(key, EvaluationContext.CreateBuilder("user-" + round).Set("group", "staff").Build());
                evaluator.Evaluate(key);
            }
        }
    }

    private static string Mutate(string json, Random random, int mutations)
    {
        for (var i = 0; i < mutations; i++)
        {
            var at = random.Next(json.Length);
            var length = Math.Min(random.Next(1, 40), json.Length - at);
            json = random.Next(3) switch
            {
                0 => json.Insert(at, Fragments[random.Next(Fragments.Length)]),
                1 => json.Remove(at, length),
                _ => json.Insert(at, json.Substring(at, length)),
            };
        }

        return json;
    }
}
