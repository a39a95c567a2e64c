namespace Hello;

/// <summary>Checks that this instance can do its job with the configuration it was started with.</summary>
public sealed class SelfTest(Greeter greeter, GuestBook guests)
{
    public SelfTestReport Run()
    {
        SelfTestCheck[] checks = guests.Configured ? [CheckConfig(), CheckGreeting(), guests.Check()] : [CheckConfig(), CheckGreeting()];
        var status = checks.All(c => c.Passed) ? SelfTestCheck.Pass : SelfTestCheck.Fail;
        return new SelfTestReport(status, greeter.Version, checks);
    }

    private SelfTestCheck CheckConfig() =>
        greeter.Text is null
            ? new SelfTestCheck("config", SelfTestCheck.Fail, $"{GreetingOptions.TextKey} is missing or empty")
            : new SelfTestCheck("config", SelfTestCheck.Pass, $"{GreetingOptions.TextKey} is set");

    private SelfTestCheck CheckGreeting()
    {
        var greeting = greeter.Greet();
        return greeting is not null && greeting.EndsWith($" from {greeter.Version}!", StringComparison.Ordinal)
            ? new SelfTestCheck("greeting", SelfTestCheck.Pass, greeting)
            : new SelfTestCheck("greeting", SelfTestCheck.Fail, "no greeting can be built");
    }
}
