namespace Slipway.Sdk.Tests.Fakes;

/// <summary>Waits for a condition that becomes true asynchronously. The cap only keeps a broken test from hanging; no test asserts on time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting: {because}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
