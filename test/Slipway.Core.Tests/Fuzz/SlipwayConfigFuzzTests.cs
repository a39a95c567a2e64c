using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Slipway.Core.Config;
using Slipway.Fuzzing;

namespace Slipway.Core.Tests.Fuzz;

/// <summary>
/// Random and mutated slipway.yml documents, from the valid examples of docs/configuration.md: the parser never
/// throws, never takes more than two seconds, and every error names the file, a line and column in it, and the field.
/// </summary>
public sealed partial class SlipwayConfigFuzzTests
{
    private const string FileName = "fuzz/slipway.yml";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <summary>Errors about the document as a whole (syntax, emptiness, its top level) have no field by contract (<see cref="ConfigError"/>).</summary>
    private static readonly string[] DocumentLevel =
    [
        "invalid YAML", "the file is empty", "expected one YAML document", "expected a mapping of keys such as", "keys must be plain names",
        "the file is larger than", "the file has more than", "the file is one value of", "the file is only an alias", "nested more than",
    ];

    private static readonly string[] Tokens =
    [
        "", "~", "null", "[", "]", "{", "}", "[]", "{}", ":", ": :", "- ", "-", "? ", "&a", "*a", "&a x", "*nope", "!!binary", "!!int x",
        "!custom", "|", ">", "\"", "'", "\"unterminated", "'it''s'", "#", "%YAML 1.2", "---", "...", "\t", "\u0000", "\u00e9\u00e8",
        "\ud83d\ude80", "\ud800", "0", "-1", "1e400", "NaN", ".nan", ".inf", "0x1F", "99999999999999999999", "true", "yes", "30s", "5m",
        "-5s", "1h1h", "0ms", "error_ratio", "latency_quantile", "increase", "exponential", "[1, 2, 4]", "[0]", "../out", "/abs", "C:\\x",
        "build", "artifact", "run", "env", "checks", "judge", "tests", "waves", "selftest", "timeouts", "instances", "flags",
        "<<: *a", "{ a: [ b, { c: d } ] }", "[[[[[[[[", "]]]]]]]]", "{{{{", "a: b: c",
    ];

    private static readonly string[] Examples = LoadExamples();

    /// <summary>One mutation of a document: a kind, where, and what.</summary>
    public sealed record Mutation(int Kind, int Position, int Token, int Count);

    public sealed record Case(int Example, Mutation[] Mutations)
    {
        public string Yaml => Mutations.Aggregate(Examples[Example % Examples.Length], Apply);
    }

    private static readonly Gen<Mutation> MutationGen = Gen.Select(Gen.Int[0, 11], Gen.Int[0, 100_000], Gen.Int[0, Tokens.Length - 1], Gen.Int[1, 300], (k, p, t, c) => new Mutation(k, p, t, c));

    private static readonly Gen<Case> CaseGen = Gen.Select(Gen.Int[0, 1000], MutationGen.Array[0, 6], (e, m) => new Case(e, m));

    [Fact]
    public void The_documented_examples_are_there_to_mutate()
    {
        Assert.True(Examples.Length >= 5, $"{Examples.Length} examples");
        Assert.Contains(Examples, e => SlipwayConfigParser.Parse(e).Success);
    }

    [Fact]
    public void Mutated_configs_never_crash_never_hang_and_every_error_names_file_line_and_field()
    {
        FuzzRun.Sample(CaseGen, c => Check(c.Yaml), iter: 4000, cap: TimeSpan.FromSeconds(25), print: c => Show(c.Yaml));
    }

    [Fact]
    public void Random_yaml_from_config_tokens_never_crashes_and_every_error_names_file_line_and_field()
    {
        var line = Gen.Select(Gen.Int[0, 12], Gen.Int[0, Tokens.Length - 1], Gen.Int[0, Tokens.Length - 1], (indent, key, value) => new string(' ', indent) + Tokens[key] + ": " + Tokens[value]);
        var document = line.Array[0, 30].Select(lines => string.Join('\n', lines));
        FuzzRun.Sample(document, Check, iter: 3000, cap: TimeSpan.FromSeconds(15), print: Show);
    }

    private static void Check(string yaml)
    {
        var result = FuzzRun.Within(Deadline, () => SlipwayConfigParser.Parse(yaml, FileName));
        Assert.True(result.Success || result.Errors.Count > 0);
        var lines = yaml.Split('\n').Length;
        foreach (var error in result.Errors)
        {
            Assert.Equal(FileName, error.File);
            Assert.InRange(error.Line, 1, lines + 1);
            Assert.True(error.Column >= 1, error.ToString());
            Assert.False(string.IsNullOrWhiteSpace(error.Message), error.ToString());
            Assert.True(error.Field.Length > 0 || DocumentLevel.Any(p => error.Message.StartsWith(p, StringComparison.Ordinal)), "an error without a field: " + error);
            Assert.True(error.ToString().Length < 2000, "an error that echoes too much: " + Show(error.ToString()));
        }
    }

    private static string Apply(string yaml, Mutation m)
    {
        var lines = yaml.Split('\n').ToList();
        var at = lines.Count == 0 ? 0 : m.Position % lines.Count;
        var token = Tokens[m.Token];
        switch (m.Kind)
        {
            case 0: // replace a value
                var colon = lines[at].IndexOf(':', StringComparison.Ordinal);
                lines[at] = colon < 0 ? token : lines[at][..(colon + 1)] + " " + token;
                break;
            case 1: // replace a key
                var c = lines[at].IndexOf(':', StringComparison.Ordinal);
                var indent = lines[at].Length - lines[at].TrimStart().Length;
                lines[at] = new string(' ', indent) + token + (c < 0 ? "" : lines[at][c..]);
                break;
            case 2: // insert a line
                lines.Insert(at, new string(' ', m.Count % 9) + token + ": " + Tokens[(m.Token * 7) % Tokens.Length]);
                break;
            case 3: // delete a line
                lines.RemoveAt(at);
                break;
            case 4: // duplicate a line
                lines.Insert(at, lines[at]);
                break;
            case 5: // re-indent
                lines[at] = new string(' ', m.Count % 13) + lines[at].TrimStart();
                break;
            case 6: // deep flow nesting as a value
                lines.Insert(at, "env: { X: " + new string('[', m.Count) + new string(']', m.Position % 2 == 0 ? m.Count : m.Count / 2) + " }");
                break;
            case 7: // deep block nesting
                var block = new StringBuilder("tests:");
                for (var i = 1; i <= m.Count % 60; i++)
                {
                    block.Append('\n').Append(' ', i).Append('k').Append(i).Append(':');
                }

                lines.Insert(at, block.ToString());
                break;
            case 8: // a long value
                lines.Insert(at, "test: " + new string((char)('a' + (m.Token % 26)), m.Count * (m.Position % 100 + 1)));
                break;
            case 9: // truncate
                return yaml[..(m.Position % (yaml.Length + 1))];
            case 10: // aliases
                lines.Insert(at, "env: &a { A: &b [x, x] }\nchecks: [*a, *b, *a]\nselftest: *a");
                break;
            default: // change one character
                var text = string.Join('\n', lines);
                if (text.Length == 0)
                {
                    return token;
                }

                var p = m.Position % text.Length;
                return text[..p] + token + text[(p + 1)..];
        }

        return string.Join('\n', lines);
    }

    private static string Show(string yaml) => yaml.Length > 1000 ? yaml[..1000] + $"... ({yaml.Length} characters)" : yaml;

    private static string[] LoadExamples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Slipway.slnx")))
        {
            dir = dir.Parent;
        }

        var docs = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "configuration.md"));
        var examples = YamlBlock().Matches(docs).Select(m => m.Groups[1].Value).ToList();
        examples.Add(Config.ConfigAssert.Minimal);
        examples.Add(File.ReadAllText(Path.Combine(dir.FullName, "samples", "hello", "slipway.yml")));
        return [.. examples];
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
