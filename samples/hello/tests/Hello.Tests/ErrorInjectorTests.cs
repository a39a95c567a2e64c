namespace Hello.Tests;

public sealed class ErrorInjectorTests
{
    [Fact]
    public void Nothing_fails_when_switched_off()
    {
        var errors = new ErrorInjector(0);

        Assert.False(errors.Enabled);
        Assert.DoesNotContain(Enumerable.Range(0, 1000), i => errors.ShouldFail(i % 2 == 0 ? null : $"user-{i}"));
    }

    [Fact]
    public void Every_twentieth_request_without_a_user_fails()
    {
        var errors = new ErrorInjector(20);

        var failed = Enumerable.Range(1, 100).Where(_ => errors.ShouldFail(null)).Count();

        Assert.Equal(5, failed);
    }

    [Fact]
    public void About_one_user_in_twenty_fails_and_always_the_same_ones()
    {
        var errors = new ErrorInjector(20);
        var users = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToList();

        var failing = users.Where(u => errors.ShouldFail(u)).ToList();

        Assert.InRange(failing.Count, 350, 650);
        Assert.All(failing, u => Assert.True(errors.ShouldFail(u)));
    }
}
