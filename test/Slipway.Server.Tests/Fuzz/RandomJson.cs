using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Slipway.Server.Tests.Fuzz;

/// <summary>
/// Builds hostile JSON from a seed: random values, wrong types, nulls, huge strings, deep nesting, and objects that use
/// the member names a schema expects. The same seed gives the same text, so a case replays from CsCheck's seed.
/// </summary>
internal sealed class RandomJson(int seed)
{
    private static readonly string[] Strings =
    [
        "", " ", "known", "main", "HEAD", "HEAD~1", "--help", "-x", "../../etc/passwd", "..", "/", "\\", "%00", "\u0000", "\t\n",
        "NaN", "Infinity", "-Infinity", "1e400", "null", "true", "{}", "[]", "on", "off", "ENABLED", "DISABLED", "production",
        "\u00e9", "\ud83d\ude80", "\ud800", "a;id", "$(id)", "`id`", "0123456789abcdef0123456789abcdef01234567", "local",
    ];

    private readonly Random _random = new(seed);

    public string Value(IReadOnlyList<string> names, int depth = 0)
    {
        var text = new StringBuilder();
        Write(text, names, depth);
        return text.ToString();
    }

    /// <summary>A whole body: mostly an object of the schema's members, sometimes anything at all.</summary>
    public string Body(IReadOnlyList<string> names) => _random.Next(20) switch
    {
        0 => "",
        1 => "{not json",
        2 => new string('[', _random.Next(1, 5000)) + new string(']', _random.Next(0, 5000)),
        3 => "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", _random.Next(1, 3000))) + "1",
        4 => JsonSerializer.Serialize(new string((char)_random.Next('a', 'z'), _random.Next(100_000, 1_200_000))),
        5 => Value([]),
        _ => Object(names, 0),
    };

    private string Object(IReadOnlyList<string> names, int depth)
    {
        var text = new StringBuilder("{");
        var members = names.Where(_ => _random.Next(4) != 0).ToList();
        if (_random.Next(5) == 0)
        {
            members.Add(RandomString());
        }

        for (var i = 0; i < members.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(JsonSerializer.Serialize(members[i])).Append(':');
            Write(text, names, depth + 1);
        }

        return text.Append('}').ToString();
    }

    private void Write(StringBuilder text, IReadOnlyList<string> names, int depth)
    {
        switch (depth > 6 ? _random.Next(6) : _random.Next(10))
        {
            case 0: text.Append("null"); break;
            case 1: text.Append(_random.Next(2) == 0 ? "true" : "false"); break;
            case 2: text.Append(Number()); break;
            case 3:
            case 4: text.Append(JsonSerializer.Serialize(RandomString())); break;
            case 5: text.Append(JsonSerializer.Serialize(Strings[_random.Next(Strings.Length)])); break;
            case 6:
            case 7:
                text.Append('[');
                var count = _random.Next(5);
                for (var i = 0; i < count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Write(text, names, depth + 1);
                }

                text.Append(']');
                break;
            default: text.Append(Object(names, depth + 1)); break;
        }
    }

    private string Number() => _random.Next(8) switch
    {
        0 => "0",
        1 => "-1",
        2 => "1e400",
        3 => "9223372036854775808",
        4 => "65536",
        5 => "0.5",
        6 => _random.Next(-100, 70_000).ToString(CultureInfo.InvariantCulture),
        _ => (_random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture),
    };

    private string RandomString()
    {
        var length = _random.Next(10) switch { 0 => _random.Next(300, 20_000), 1 => 0, _ => _random.Next(1, 20) };
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = _random.Next(6) == 0 ? (char)_random.Next(0, 0x3000) : (char)_random.Next('-', 'z');
        }

        return new string(chars);
    }
}
