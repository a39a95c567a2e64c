namespace Hello.Tests;

public sealed class SelfTestTests
{
    [Fact]
    public void Self_test_passes_when_the_greeting_text_is_set()
    {
        var config = TestConfig.Build(TestConfig.Settings());
        var report = new SelfTest(new Greeter(config), new GuestBook(config)).Run();

        Assert.True(report.Passed);
        Assert.Equal("pass", report.Status);
        Assert.Equal(["config", "greeting"], report.Checks.Select(c => c.Name));
        Assert.All(report.Checks, c => Assert.Equal("pass", c.Status));
        Assert.Equal($"{GreetingOptions.TextKey} is set", report.Checks[0].Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Self_test_fails_when_the_greeting_text_is_missing_or_blank(string? text)
    {
        var config = TestConfig.Build(TestConfig.Settings(text: text));
        var report = new SelfTest(new Greeter(config), new GuestBook(config)).Run();

        Assert.False(report.Passed);
        Assert.Equal("fail", report.Status);
        Assert.All(report.Checks, c => Assert.Equal("fail", c.Status));
        Assert.Contains(GreetingOptions.TextKey, report.Checks[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_database_the_self_test_writes_and_reads_a_guest_and_fails_when_its_column_is_gone()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hello-guests-{Guid.NewGuid():N}.db");
        try
        {
            // The columns this version of the code uses (the demo changes them commit by commit).
            var columns = GuestColumns.Write.Append(GuestColumns.Read).Distinct().ToList();
            Execute(path, $"CREATE TABLE guests (id INTEGER PRIMARY KEY, {string.Join(", ", columns.Select(c => c + " TEXT"))});");
            foreach (var name in new[] { "Ada", "Grace", "Edsger", "Barbara", "Ken" })
            {
                Execute(path, $"INSERT INTO guests ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(_ => $"'{name}'"))});");
            }

            var settings = TestConfig.Settings();
            settings[GuestBook.Variable] = path;
            var config = TestConfig.Build(settings);
            var guests = new GuestBook(config);

            var report = new SelfTest(new Greeter(config), guests).Run();
            Assert.True(report.Passed);
            Assert.Equal($"guests.{GuestColumns.Read} written and read back", report.Checks.Single(c => c.Name == "database").Detail);
            Assert.Contains(guests.Guest("alice"), new[] { "Ada", "Grace", "Edsger", "Barbara", "Ken" });
            Assert.Equal(5L, Scalar(path, "SELECT count(*) FROM guests"));

            // The column this version reads is renamed away: its self-test fails and says so.
            Execute(path, $"ALTER TABLE guests RENAME COLUMN {GuestColumns.Read} TO renamed_away;");
            var broken = new SelfTest(new Greeter(config), guests).Run();
            Assert.False(broken.Passed);
            Assert.Contains(GuestColumns.Read, broken.Checks.Single(c => c.Name == "database").Detail, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static void Execute(string path, string sql)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(string path, string sql)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
