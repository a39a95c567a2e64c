using YamlDotNet.RepresentationModel;

namespace Slipway.Core.Config;

/// <summary>Reads the <c>migrations:</c> section.</summary>
internal static class MigrationsReader
{
    /// <summary>The most acknowledgements a file may carry: each is a finding a person looked at, not a switch.</summary>
    public const int MaxAcknowledgements = 100;

    /// <summary>The longest reason, in characters.</summary>
    public const int MaxReasonLength = 1000;

    private static readonly string[] Keys = ["path", "ef", "database", "secret", "tests", "acknowledge"];

    private static readonly string[] AcknowledgeKeys = ["rule", "file", "reason"];

    private static readonly (string, MigrationDatabase)[] Databases =
    [
        ("sqlite", MigrationDatabase.Sqlite), ("postgres", MigrationDatabase.Postgres),
    ];

    public static MigrationsConfig? Read(ConfigSection top)
    {
        var section = top.Section("migrations", Keys, "a mapping with path (or ef) and database");
        if (section is null)
        {
            return null;
        }

        var (path, ef, sourceValid) = ReadSource(section);
        var database = section.Value("database", required: true) is null ? null : section.Choice("database", Databases);
        var secret = section.String("secret", what: "a secret name");
        if (secret is not null && !ServiceConfigReader.IsEnvName(secret))
        {
            top.Reader.Error(section.Value("secret")!, section.PathOf("secret"), $"expected a secret name (letters, digits and _), got {ConfigReader.Quote(secret)}");
            secret = null;
        }

        var tests = section.String("tests", what: "a shell command that runs the database tests");
        if (tests is not null && tests.Trim().Length == 0)
        {
            top.Reader.Error(section.Value("tests")!, section.PathOf("tests"), "expected a shell command that runs the database tests, got an empty string");
            tests = null;
        }

        var acknowledge = ReadAcknowledge(section);
        if (!sourceValid || database is null)
        {
            return null;
        }

        return new MigrationsConfig
        {
            Path = path,
            Ef = ef,
            Database = database.Value,
            Secret = secret ?? MigrationsConfig.DefaultSecret,
            Tests = tests,
            Acknowledge = acknowledge,
        };
    }

    /// <summary>Exactly one of <c>path</c> (a folder of SQL files) and <c>ef</c> (an EF Core project, a <c>.csproj</c>).</summary>
    private static (string? Path, string? Ef, bool Valid) ReadSource(ConfigSection section)
    {
        var hasPath = section.Value("path") is not null;
        var hasEf = section.Value("ef") is not null;
        if (hasPath && hasEf)
        {
            section.Reader.Error(section.Value("ef")!, section.PathOf("ef"), "use either path (SQL files) or ef (an EF Core project), not both");
            return (null, null, false);
        }

        if (!hasPath && !hasEf)
        {
            section.Reader.Error(section.Node, section.PathOf("path"), "required key is missing: path (a folder of SQL files) or ef (an EF Core project's .csproj)");
            return (null, null, false);
        }

        if (!hasEf)
        {
            var path = ServiceConfigReader.RelativePath(section, "path", required: true);
            return (path, null, path is not null);
        }

        var ef = ServiceConfigReader.RelativePath(section, "ef", required: true);
        if (ef is not null && !ef.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            section.Reader.Error(section.Value("ef")!, section.PathOf("ef"), $"expected the path of the EF Core project's .csproj (e.g. src/Todo.Api/Todo.Api.csproj), got {ConfigReader.Quote(ef)}");
            ef = null;
        }

        return (null, ef, ef is not null);
    }

    /// <summary><c>acknowledge: [{ rule, file, reason }]</c>: every entry names one finding and says why; there is no wildcard.</summary>
    private static IReadOnlyList<MigrationAcknowledgement> ReadAcknowledge(ConfigSection section)
    {
        var value = section.Value("acknowledge");
        if (value is null)
        {
            return [];
        }

        var field = section.PathOf("acknowledge");
        if (value is not YamlSequenceNode list)
        {
            section.Reader.Error(value, field, $"expected a list of {{ rule, file, reason }}, got {ConfigReader.Describe(value)}");
            return [];
        }

        if (list.Children.Count > MaxAcknowledgements)
        {
            section.Reader.Error(value, field, $"at most {MaxAcknowledgements} acknowledgements, got {list.Children.Count}");
            return [];
        }

        var result = new List<MigrationAcknowledgement>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemPath = ConfigReader.Path(field, i);
            var item = section.Reader.Section(list.Children[i], itemPath, AcknowledgeKeys, "a mapping with rule, file and reason");
            if (item is null)
            {
                continue;
            }

            var rule = item.String("rule", required: true, what: "a rule name such as renaming-column");
            var file = item.String("file", required: true, what: "a migration file name");
            var reason = item.String("reason", required: true, what: "why this finding is safe here");
            if (rule is not null && (rule == "*" || rule.Contains('*', StringComparison.Ordinal)))
            {
                section.Reader.Error(item.Value("rule")!, item.PathOf("rule"), "names one rule; there is no wildcard and no global off switch");
                continue;
            }

            if (file is not null && file.Contains('*', StringComparison.Ordinal))
            {
                section.Reader.Error(item.Value("file")!, item.PathOf("file"), "names one file; there is no wildcard and no global off switch");
                continue;
            }

            if (reason is not null && reason.Length > MaxReasonLength)
            {
                section.Reader.Error(item.Value("reason")!, item.PathOf("reason"), $"at most {MaxReasonLength} characters, got {reason.Length}");
                continue;
            }

            if (rule is not null && file is not null && reason is not null)
            {
                result.Add(new MigrationAcknowledgement(rule, file, reason));
            }
        }

        return result;
    }
}
