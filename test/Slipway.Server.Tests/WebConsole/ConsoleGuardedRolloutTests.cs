using Microsoft.Playwright;
using Slipway.Server.Tests.Flags;

namespace Slipway.Server.Tests.WebConsole;

/// <summary>The flags page starts a guarded rollout and shows its line, in headless Chromium against a real server (no agent).</summary>
public sealed class ConsoleGuardedRolloutTests
{
    [Fact]
    public async Task A_guarded_rollout_started_from_the_flags_page_shows_where_it_is()
    {
        ConsoleBrowser.SkipWithoutChromium();
        await using var flags = await FlagsPage.OpenAsync();
        var (server, browser, page, row) = (flags.Server, flags.Browser, flags.Browser.Page, flags.Row);

        await row.Locator("[data-steps]").FillAsync("10,50,100");
        await row.GetByRole(AriaRole.Button, new() { Name = "Guarded rollout" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flagResult")).ToContainTextAsync("flag new-checkout guarded rollout judging at 10% (step 1 of 3)", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator("tr[data-flag=new-checkout] .guarded")).ToContainTextAsync("guarded rollout judging at 10%", ConsoleBrowser.Wait);
        var guarded = await server.GetJsonAsync("/api/services/shop/flags/new-checkout/guarded");
        Assert.Equal([10, 50, 100], guarded.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Steps_that_are_not_percentages_are_refused_in_the_page_and_nothing_starts()
    {
        ConsoleBrowser.SkipWithoutChromium();
        await using var flags = await FlagsPage.OpenAsync();
        var (server, browser, page, row) = (flags.Server, flags.Browser, flags.Browser.Page, flags.Row);

        await row.Locator("[data-steps]").FillAsync("10,lots");
        // A re-render while the user types (a live update whose fetch began before the first key; here one asked for
        // directly) keeps what was typed: before the fix it put back the empty input, and the click then started a
        // rollout with the default steps (seen in CI under load).
        await page.EvaluateAsync("() => { document.querySelector('tr[data-flag=new-checkout]').dataset.before = '1'; window.dispatchEvent(new PopStateEvent('popstate')); }");
        await Assertions.Expect(page.Locator("tr[data-flag=new-checkout][data-before]")).ToHaveCountAsync(0, new() { Timeout = 120_000 });
        await Assertions.Expect(row.Locator("[data-steps]")).ToHaveValueAsync("10,lots");
        await row.GetByRole(AriaRole.Button, new() { Name = "Guarded rollout" }).ClickAsync();

        await Assertions.Expect(page.Locator("#flagResult")).ToContainTextAsync("give rising percentages from 1 to 100", ConsoleBrowser.Wait);
        // And the answer stays through the next re-render.
        await page.EvaluateAsync("() => { document.querySelector('tr[data-flag=new-checkout]').dataset.before = '1'; window.dispatchEvent(new PopStateEvent('popstate')); }");
        await Assertions.Expect(page.Locator("tr[data-flag=new-checkout][data-before]")).ToHaveCountAsync(0, new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#flagResult")).ToContainTextAsync("give rising percentages from 1 to 100");
        using var none = await server.Http.GetAsync("/api/services/shop/flags/new-checkout/guarded", FlagServer.Token);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, none.StatusCode);
    }

    /// <summary>A flag server with the off flag <c>new-checkout</c> of service <c>shop</c>, and its flags page open in Chromium.</summary>
    private sealed record FlagsPage(FlagServer Server, ConsoleBrowser Browser, ILocator Row) : IAsyncDisposable
    {
        public static async Task<FlagsPage> OpenAsync()
        {
            var server = await FlagServer.StartAsync();
            await server.PutFlagOkAsync("shop", "new-checkout", TestFlags.Off);
            var browser = await ConsoleBrowser.LaunchAsync();
            await browser.LogInAsync(server.Server.Address, server.Server.AdminToken!);
            await browser.OpenAsync(server.Server.Address, "/console/flags/shop");
            var row = browser.Page.Locator("tr[data-flag=new-checkout]");
            await Assertions.Expect(row).ToContainTextAsync("ENABLED", ConsoleBrowser.Wait);
            return new FlagsPage(server, browser, row);
        }

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
