using System.Text;
using System.Text.Json;
using CsCheck;
using Slipway.Flags;
using Slipway.Fuzzing;

namespace Slipway.Server.Tests.Fuzz;

/// <summary>
/// Random flagd documents: the flag document parser (through <see cref="FlagDocument"/>) never throws anything but its
/// documented <see cref="FlagDefinitionException"/> (and <see cref="FlagDocument.Validate"/> nothing at all), and never
/// takes longer than two seconds.
/// </summary>
public sealed class FlagDocumentFuzzTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    private static readonly string[] Operators =
    [
        "if", "==", "===", "!=", "!==", "<", "<=", ">", ">=", "and", "or", "!", "!!", "var", "in", "fractional", "sem_ver", "starts_with",
        "ends_with", "cat", "substr", "+", "-", "*", "/", "%", "max", "min", "merge", "all", "some", "none", "map", "filter", "reduce",
        "$ref", "missing", "unknown_op",
    ];

    [Fact]
    public void Random_flag_documents_are_parsed_or_refused_with_the_documented_error_never_a_crash_or_a_hang()
    {
        FuzzRun.Sample(Gen.Int, seed => Check(Document(new Random(seed))), iter: 3000, cap: TimeSpan.FromSeconds(20), print: seed => Shorten(Document(new Random(seed))));
    }

    [Fact]
    public void Mutated_flag_documents_are_parsed_or_refused_with_the_documented_error()
    {
        var mutated = Gen.Select(Gen.Int, Gen.Int[0, 100_000], Gen.Int[0, 6], (seed, at, kind) => Mutate(Document(new Random(seed)), at, kind));
        FuzzRun.Sample(mutated, Check, iter: 3000, cap: TimeSpan.FromSeconds(20), print: Shorten);
    }

    private static void Check(string json)
    {
        FuzzRun.Within(Deadline, () =>
        {
            var result = FlagDocument.Validate(json);
            Assert.Equal(result.Document is not null && result.IsValid, result.IsValid);
            try
            {
                FlagDocument.Parse(json);
            }
            catch (FlagDefinitionException)
            {
                Assert.False(result.IsValid, "Parse refused what Validate accepted");
            }

            try
            {
                FlagDocument.ParseLenient(json);
            }
            catch (FlagDefinitionException)
            {
            }

            return true;
        });
    }

    private static string Mutate(string json, int at, int kind)
    {
        var p = json.Length == 0 ? 0 : at % json.Length;
        return kind switch
        {
            0 => json[..p],
            1 => json[..p] + "{" + json[p..],
            2 => json[..p] + "\"flags\":{}," + json[p..],
            3 => json[..p] + new string('[', at % 3000) + json[p..],
            4 => json.Length == 0 ? json : json.Remove(p, 1),
            5 => json[..p] + "null" + json[p..],
            _ => json.Replace("\"on\"", "\"" + new string('v', at % 5000) + "\"", StringComparison.Ordinal),
        };
    }

    private static string Document(Random random)
    {
        var text = new StringBuilder("{\"flags\":{");
        var flags = random.Next(0, 6);
        for (var i = 0; i < flags; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(Key(random))).Append(':').Append(Flag(random));
        }

        text.Append('}');
        if (random.Next(3) == 0)
        {
            // A few evaluators, each free to refer to the ones before it (once).
            text.Append(",\"$evaluators\":{");
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append($"\"e{i}\":").Append(Logic(random, 0, i));
            }

            text.Append('}');
        }

        if (random.Next(4) == 0)
        {
            text.Append(",\"metadata\":").Append(new RandomJson(random.Next()).Value([]));
        }

        return text.Append('}').ToString();
    }

    private static string Flag(Random random)
    {
        var variants = random.Next(5) switch
        {
            0 => "{\"on\":true,\"off\":false}",
            1 => "{\"red\":\"#f00\",\"blue\":\"#00f\"}",
            2 => "{\"low\":10,\"high\":1e400}",
            3 => "{}",
            _ => new RandomJson(random.Next()).Value(["on", "off", "a"]),
        };
        string[] defaults = ["\"on\"", "\"off\"", "\"red\"", "null", "\"nope\"", "1", "\"low\""];
        string[] states = ["\"ENABLED\"", "\"DISABLED\"", "\"enabled\"", "null", "1"];
        var flag = new StringBuilder("{");
        flag.Append("\"state\":").Append(states[random.Next(states.Length)]);
        flag.Append(",\"variants\":").Append(variants);
        if (random.Next(5) != 0)
        {
            flag.Append(",\"defaultVariant\":").Append(defaults[random.Next(defaults.Length)]);
        }

        if (random.Next(3) != 0)
        {
            flag.Append(",\"targeting\":").Append(random.Next(6) == 0 ? "{\"fractional\":[[\"on\",4611686018427387904],[\"off\",4611686018427387904]]}" : Logic(random, 0, 3));
        }

        return flag.Append('}').ToString();
    }

    private static string Logic(Random random, int depth, int evaluators)
    {
        if (depth > 5 || random.Next(4) == 0)
        {
            return random.Next(6) switch
            {
                0 => "{\"var\":\"targetingKey\"}",
                1 => "\"on\"",
                2 => "5",
                3 => "null",
                4 => evaluators > 0 ? $"{{\"$ref\":\"e{random.Next(evaluators)}\"}}" : "{\"$ref\":\"missing\"}",
                _ => "[]",
            };
        }

        var op = Operators[random.Next(Operators.Length)];
        var args = new List<string>();
        var count = random.Next(0, 4);
        for (var i = 0; i < count; i++)
        {
            args.Add(Logic(random, depth + 1, evaluators));
        }

        return op == "$ref" ? $"{{\"$ref\":\"e{random.Next(Math.Max(1, evaluators))}\"}}" : $"{{{JsonSerializer.Serialize(op)}:[{string.Join(',', args)}]}}";
    }

    private static string Key(Random random) => random.Next(8) switch
    {
        0 => "",
        1 => "../../etc",
        2 => new string('k', random.Next(100, 3000)),
        3 => "flags",
        _ => "flag-" + random.Next(1000),
    };

    private static string Shorten(string text) => text.Length > 1500 ? text[..1500] + $"... ({text.Length} characters)" : text;
}
