using Slipway.Core.Config;

namespace Slipway.Core.Tests.Config;

/// <summary><c>migrations:</c>: the folder of SQL files, the database, the secret with the connection string, acknowledgements.</summary>
public sealed class MigrationsConfigTests
{
    [Fact]
    public void A_service_has_no_migrations_unless_slipway_yml_declares_them()
    {
        Assert.Null(ConfigAssert.Valid(ConfigAssert.Minimal).Migrations);
    }

    [Fact]
    public void Migrations_read_path_database_and_the_default_secret()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nmigrations:\n  path: migrations/\n  database: postgres\n");

        Assert.Equal("migrations/", config.Migrations!.Path);
        Assert.Equal(MigrationDatabase.Postgres, config.Migrations.Database);
        Assert.Equal(MigrationsConfig.DefaultSecret, config.Migrations.Secret);
        Assert.Empty(config.Migrations.Acknowledge);
    }

    [Fact]
    public void An_acknowledgement_names_one_rule_one_file_and_its_reason()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + """

            migrations:
              path: db
              database: sqlite
              secret: TODO_DB
              acknowledge:
                - rule: index-without-concurrently
                  file: 003_index.sql
                  reason: the table has 12 rows
            """);

        Assert.Equal("TODO_DB", config.Migrations!.Secret);
        Assert.Equal([new MigrationAcknowledgement("index-without-concurrently", "003_index.sql", "the table has 12 rows")], config.Migrations.Acknowledge);
    }

    [Fact]
    public void The_database_tests_are_a_command_and_none_by_default()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nmigrations:\n  path: db\n  database: sqlite\n  tests: dotnet test -- --filter-trait \"Category=Database\"\n");

        Assert.Equal("dotnet test -- --filter-trait \"Category=Database\"", config.Migrations!.Tests);
        Assert.Null(ConfigAssert.Valid(ConfigAssert.Minimal + "\nmigrations:\n  path: db\n  database: sqlite\n").Migrations!.Tests);
    }

    [Fact]
    public void Empty_database_tests_are_an_error_naming_the_field()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: db\n  database: sqlite\n  tests: \"  \"\n");

        Assert.Equal("migrations.tests", error.Field);
        Assert.Contains("shell command that runs the database tests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_database_is_an_error_naming_line_and_field_with_a_suggestion()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: db\n  database: postgress\n");

        Assert.Equal("migrations.database", error.Field);
        Assert.Equal(6, error.Line);
        Assert.Contains("did you mean \"postgres\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_database_is_required()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: db\n");

        Assert.Equal("migrations.database", error.Field);
    }

    [Fact]
    public void A_path_outside_the_repository_is_an_error()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: ../elsewhere\n  database: sqlite\n");

        Assert.Equal("migrations.path", error.Field);
        Assert.Contains("inside the repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_acknowledgement_without_a_reason_is_an_error()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: db\n  database: sqlite\n  acknowledge:\n    - rule: renaming-column\n      file: 002.sql\n");

        Assert.Equal("migrations.acknowledge[0].reason", error.Field);
    }

    [Fact]
    public void A_wildcard_acknowledgement_is_refused_because_there_is_no_global_off_switch()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: db\n  database: sqlite\n  acknowledge:\n    - rule: \"*\"\n      file: 002.sql\n      reason: trust me\n");

        Assert.Equal("migrations.acknowledge[0].rule", error.Field);
        Assert.Contains("no global off switch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_migrations_is_an_error()
    {
        var error = ConfigAssert.SingleError("migrations:\n  path: db\n  database: sqlite\n  enabled: false\n");

        Assert.Equal("migrations.enabled", error.Field);
    }

    [Fact]
    public void Ef_names_the_project_with_the_DbContext_and_its_migrations_instead_of_a_folder()
    {
        var config = ConfigAssert.Valid(ConfigAssert.Minimal + "\nmigrations:\n  ef: src/Todo.Api/Todo.Api.csproj\n  database: postgres\n");

        Assert.Equal("src/Todo.Api/Todo.Api.csproj", config.Migrations!.Ef);
        Assert.Null(config.Migrations.Path);
        Assert.Equal("src/Todo.Api/Todo.Api.csproj migration 20261201_AddTitle", config.Migrations.Where("20261201_AddTitle"));
    }

    [Fact]
    public void Ef_that_is_not_a_csproj_is_an_error_naming_file_line_and_field()
    {
        var error = ConfigAssert.SingleError("migrations:\n  ef: src/Todo.Api\n  database: sqlite\n");

        Assert.Equal("slipway.yml", error.File);
        Assert.Equal(5, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Equal("migrations.ef", error.Field);
        Assert.StartsWith("slipway.yml:5:7: migrations.ef: expected the path of the EF Core project's .csproj", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ef_outside_the_repository_is_an_error_naming_the_field()
    {
        var error = ConfigAssert.SingleError("migrations:\n  ef: ../other/Todo.Api.csproj\n  database: sqlite\n");

        Assert.Equal("migrations.ef", error.Field);
        Assert.Contains("inside the repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_and_ef_together_are_an_error_and_neither_names_both_choices()
    {
        var both = ConfigAssert.SingleError("migrations:\n  path: db\n  ef: src/Todo.Api/Todo.Api.csproj\n  database: sqlite\n");
        var neither = ConfigAssert.SingleError("migrations:\n  database: sqlite\n");

        Assert.Equal("migrations.ef", both.Field);
        Assert.Equal(6, both.Line);
        Assert.Contains("either path (SQL files) or ef", both.Message, StringComparison.Ordinal);
        Assert.Equal("migrations.path", neither.Field);
        Assert.Contains("path (a folder of SQL files) or ef", neither.Message, StringComparison.Ordinal);
    }
}
