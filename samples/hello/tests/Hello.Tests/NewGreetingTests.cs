namespace Hello.Tests;

public sealed class NewGreetingTests
{
    private const string On = """{"flags":{"new-greeting":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_new_greeting_is_served_when_the_flag_is_on()
    {
        var settings = TestConfig.Settings(text: "Hello", version: "v1");
        settings["Slipway:FlagsJson"] = On;
        await using var host = await HelloHost.StartAsync(settings);

        Assert.Equal("Hello from v1. Nice to see you.", await host.Client.GetStringAsync("/?user=42", Token));
    }

    [Fact]
    public async Task The_old_greeting_is_served_while_the_flag_is_off()
    {
        await using var host = await HelloHost.StartAsync(TestConfig.Settings(text: "Hello", version: "v1"));

        Assert.Equal("Hello from v1!", await host.Client.GetStringAsync("/?user=42", Token));
    }

    [Fact]
    public void The_new_greeting_keeps_the_text_and_the_version()
    {
        var greeter = new Greeter(TestConfig.Build(TestConfig.Settings(text: "Hello", version: "abc123")));

        Assert.Equal("Hello from abc123. Nice to see you.", greeter.Greet(newGreeting: true));
    }
}
