namespace Hello.Tests;

public sealed class GreeterTests
{
    [Fact]
    public void Greeting_is_the_configured_text_from_the_version()
    {
        var greeter = new Greeter(TestConfig.Build(TestConfig.Settings(text: "Hello", version: "abc123")));

        Assert.Equal("Hello from abc123!", greeter.Greet());
    }

    [Fact]
    public void Version_is_dev_when_slipway_does_not_set_one()
    {
        var greeter = new Greeter(TestConfig.Build(TestConfig.Settings(version: null)));

        Assert.Equal("dev", greeter.Version);
        Assert.Equal("Hi from dev!", greeter.Greet());
    }

    [Fact]
    public void No_greeting_without_configured_text()
    {
        var greeter = new Greeter(TestConfig.Build(TestConfig.Settings(text: null)));

        Assert.Null(greeter.Text);
        Assert.Null(greeter.Greet());
    }
}
