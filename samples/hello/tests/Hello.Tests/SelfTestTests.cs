namespace Hello.Tests;

public sealed class SelfTestTests
{
    [Fact]
    public void Self_test_passes_when_the_greeting_text_is_set()
    {
        var report = new SelfTest(new Greeter(TestConfig.Build(TestConfig.Settings()))).Run();

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
        var report = new SelfTest(new Greeter(TestConfig.Build(TestConfig.Settings(text: text)))).Run();

        Assert.False(report.Passed);
        Assert.Equal("fail", report.Status);
        Assert.All(report.Checks, c => Assert.Equal("fail", c.Status));
        Assert.Contains(GreetingOptions.TextKey, report.Checks[0].Detail, StringComparison.Ordinal);
    }
}
