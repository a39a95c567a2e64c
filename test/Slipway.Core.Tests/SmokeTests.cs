namespace Slipway.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Solution_builds_and_tests_run() => Assert.True(true);
}
