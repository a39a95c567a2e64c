using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Slipway.Server.Auth;
using Slipway.Server.Tests.Immune;
using Slipway.TestKit;

namespace Slipway.Server.Tests.WebConsole;

/// <summary>
/// The console in a real browser against a real server deploying the real sample service: a rollout watched live, a
/// release the judge rolled back opened with its evidence chart and verdict, a flag changed from the page with a
/// reason, and a read-only token that sees no controls. Any console error in the browser fails the test.
/// </summary>
[Collection(Deployments.Name)]
public sealed class ConsoleBrowserTests(HelloFixture hello)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_console_shows_a_rollout_live_a_rolled_back_release_with_its_evidence_and_changes_a_flag_with_a_reason()
    {
        ConsoleBrowser.SkipWithoutChromium();
        await using var bed = await TestBed.CreateAsync("console-browser", Ct);
        var config = bed.Config(hello.Published) with { Instances = 2 };
        var v1 = await bed.CommitAsync(config, "v1", Ct);
        var server = await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("hello", v1, Ct)).Outcome);
        await CreateFlagAsync(bed.Api, Ct);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = browser.Page;
        await browser.LogInAsync(server.Address, bed.AdminToken!);
        var card = page.Locator("[data-service=hello]");
        await Assertions.Expect(card).ToContainTextAsync(v1[..7], ConsoleBrowser.Wait);

        // v2 bakes for 4 s a wave: the open page follows it from the journal's event stream, with no reload.
        var v2 = await bed.CommitAsync(config with { Bake = "4s" }, "v2: a longer bake", Ct);
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        await bed.Api.PushAsync("hello", Ct);
        await Assertions.Expect(card.Locator("[data-now]")).ToContainTextAsync($"rolling out {v2[..7]}", ConsoleBrowser.Wait);
        await Assertions.Expect(card.Locator("[data-now]")).ToContainTextAsync("wave", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("overview");
        try
        {
            await Assertions.Expect(card).ToContainTextAsync("promoted", ConsoleBrowser.Wait);
        }
        catch (PlaywrightException ex)
        {
            var status = await bed.Api.StatusAsync("hello", Ct);
            throw new InvalidOperationException($"live text: {await page.Locator("#live").TextContentAsync()}; api: {SlipwayApi.Describe(status)}", ex);
        }
        await Assertions.Expect(card.Locator("[data-now]")).ToContainTextAsync("idle", ConsoleBrowser.Wait);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded instead of updated live");

        // v3 gets no traffic and a judge that rolls back without data: the judge decides, with its evidence.
        var v3 = await bed.CommitAsync(config with { Judge = "{ max_bake_extension: 0s, not_enough_data: rollback }", Bake = "1s" }, "v3: judged without data", Ct);
        await bed.Api.PushAsync("hello", Ct);
        var rolledBack = await bed.Api.WaitForRolloutAsync("hello", v3, Ct);
        Assert.Equal("rolled_back", rolledBack.Outcome);
        await browser.OpenAsync(server.Address, $"/console/services/hello");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("rolled back", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("service");
        // A pasted link opens the release on a fresh page load: the server serves the shell for the path.
        await browser.OpenAsync(server.Address, $"/console/releases/hello/{v3}", reload: true);
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("rolled back", ConsoleBrowser.Wait);
        var chart = page.Locator(".evidence svg.evidence-chart").First;
        await Assertions.Expect(chart).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(chart.Locator("path.old")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("path.threshold")).ToHaveCountAsync(1);
        await Assertions.Expect(chart).ToContainTextAsync("decided: rollback", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator(".verdict-line").First).ToContainTextAsync("rollback", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator("ol.stages").First).ToContainTextAsync("build", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("release");
        await browser.OpenAsync(server.Address, $"/console/rollouts/{rolledBack.RolloutId}");
        await Assertions.Expect(page.Locator(".evidence-chart").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".evidence .verdict[data-check-status=no_data]").First).ToBeVisibleAsync();

        // A flag changed from the page asks for a reason, and the journal keeps it with the change.
        await browser.OpenAsync(server.Address, "/console/flags/hello");
        var row = page.Locator("tr[data-flag=new-greeting]");
        await Assertions.Expect(row).ToContainTextAsync("ENABLED", ConsoleBrowser.Wait);
        await row.Locator("[data-percent]").FillAsync("25");
        await row.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flagResult")).ToContainTextAsync("preview of new-greeting at 25 %", ConsoleBrowser.Wait);
        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reasonDialog")).ToBeVisibleAsync();
        await page.FillAsync("#reasonText", "greeting copy under review");
        await page.ClickAsync("#reasonOk");
        await Assertions.Expect(page.Locator("tr[data-flag=new-greeting]")).ToContainTextAsync("DISABLED", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("flags");
        var changes = await bed.Api.Http.GetFromJsonAsync<Slipway.Server.Api.JournalEntriesResponse>("api/events?type=FlagsChanged", SlipwayApi.Json, Ct);
        Assert.Contains(changes!.Entries, e => e.Why == "greeting copy under review" && e.Text.Contains("disable", StringComparison.Ordinal));

        // Pause from the service page: the reason is journaled with who did it.
        await browser.OpenAsync(server.Address, "/console/services/hello");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await page.FillAsync("#reasonText", "freeze for the release review");
        await page.ClickAsync("#reasonOk");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("[paused]", ConsoleBrowser.Wait);
        var history = await bed.Api.Http.GetFromJsonAsync<Slipway.Server.Api.JournalEntriesResponse>("api/events?type=ServicePaused", SlipwayApi.Json, Ct);
        Assert.Contains(history!.Entries, e => e.Why == "freeze for the release review" && e.By == "admin");

        // The other views render with this server's data.
        await browser.OpenAsync(server.Address, "/console/history?service=hello&type=RolloutRolledBack");
        await Assertions.Expect(page.Locator("table.history")).ToContainTextAsync("ROLLED BACK", ConsoleBrowser.Wait);
        await browser.OpenAsync(server.Address, "/console/history");
        await Assertions.Expect(page.Locator("table.history")).ToContainTextAsync("service paused by admin", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("history");
        await browser.OpenAsync(server.Address, "/console/fleet");
        await Assertions.Expect(page.Locator("table.fleet")).ToContainTextAsync("listening", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator("table.agents")).ToContainTextAsync("live", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("fleet");
        await browser.OpenAsync(server.Address, "/console/tests/hello");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("test run(s)", ConsoleBrowser.Wait);
        await browser.ScreenshotAsync("tests");
        await browser.OpenAsync(server.Address, "/console/dora");
        await Assertions.Expect(page.Locator(".figures")).ToContainTextAsync("change failure rate", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator("svg.dora-chart")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("dora");

        browser.AssertNoErrors();
    }

    [Fact]
    public async Task A_release_rolled_back_under_real_traffic_shows_old_against_new_over_its_bake_with_the_deciding_check()
    {
        ConsoleBrowser.SkipWithoutChromium();
        Assert.SkipUnless(PlainHttpService.Available, "python3 is not installed");
        await using var bed = await TestBed.CreateAsync("console-evidence", Ct);
        var config = PlainHttpService.Config(bed.Owner);
        bed.Repository.WriteFile("server.py", PlainHttpService.Source(failEvery: 0));
        var v1 = await bed.CommitAsync(config, "v1: a plain HTTP server", Ct);
        var server = await bed.StartServerAsync(Ct);
        var registered = await bed.Api.RegisterAsync("plain", bed.Repository.Path, Ct);
        Assert.Equal("promoted", (await bed.Api.WaitForRolloutAsync("plain", v1, Ct)).Outcome);

        // Real requests through the front door while a release that fails one in 20 bakes: the judge decides on what
        // the front door measured, and the page draws both versions look by look.
        Slipway.Server.Api.RolloutSummary rolledBack;
        await using (FrontDoorLoad.Start(new Uri(registered.FrontDoor), perSecond: 150))
        {
            bed.Repository.WriteFile("server.py", PlainHttpService.Source(failEvery: 20));
            var bad = await bed.CommitAsync(config, "v2: fails one request in 20", Ct);
            await bed.Api.PushAsync("plain", Ct);
            rolledBack = await bed.Api.WaitForRolloutAsync("plain", bad, Ct, TimeSpan.FromMinutes(6));
        }

        Assert.Equal("immune", rolledBack.Reason);
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = browser.Page;
        await browser.LogInAsync(server.Address, bed.AdminToken!);
        await browser.OpenAsync(server.Address, $"/console/rollouts/{rolledBack.RolloutId}", reload: true);
        var chart = page.Locator(".evidence svg.evidence-chart[data-check='error ratio']").First;
        await Assertions.Expect(chart).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(chart.Locator("path.old")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("path.new")).ToHaveCountAsync(1);
        await Assertions.Expect(chart).ToContainTextAsync("decided: rollback", ConsoleBrowser.Wait);
        var deciding = page.Locator(".evidence .verdict[data-check-status=regressed]").First;
        await Assertions.Expect(deciding).ToContainTextAsync("error ratio", ConsoleBrowser.Wait);
        await Assertions.Expect(deciding).ToContainTextAsync("over the limit and significant", ConsoleBrowser.Wait);
        // The status is a glossary word, never the enum's name.
        Assert.DoesNotMatch("\\b(NoData|NotComparable|Regressed|Inconclusive)\\b", await page.Locator(".evidence").First.InnerTextAsync());

        // In the page, in one step: a live update may re-render the view between a locator's lookup and its scroll
        // ("Element is not attached to the DOM").
        await page.EvaluateAsync("() => document.querySelector('.evidence')?.scrollIntoView()");
        await browser.ScreenshotAsync("evidence");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task A_read_only_token_sees_no_controls()
    {
        ConsoleBrowser.SkipWithoutChromium();
        await using var bed = await TestBed.CreateAsync("console-readonly", Ct);
        var v1 = await bed.CommitAsync(bed.Config(hello.Published) with { Instances = 1 }, "v1", Ct);
        var server = await bed.StartServerAsync(Ct);
        await bed.Api.RegisterAsync("hello", bed.Repository.Path, Ct);
        await bed.Api.WaitForRolloutAsync("hello", v1, Ct);
        await CreateFlagAsync(bed.Api, Ct);
        var reader = server.Tokens.Create("viewer", TokenScope.Read, null, null);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = browser.Page;
        await browser.LogInAsync(server.Address, reader);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("read-only", ConsoleBrowser.Wait);
        await browser.OpenAsync(server.Address, "/console/services/hello");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("hello", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("promoted", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator(".controls")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("button[data-action]")).ToHaveCountAsync(0);
        await browser.OpenAsync(server.Address, "/console/flags/hello");
        await Assertions.Expect(page.Locator("tr[data-flag=new-greeting]")).ToContainTextAsync("ENABLED", ConsoleBrowser.Wait);
        await Assertions.Expect(page.Locator("[data-flag-action]")).ToHaveCountAsync(0);

        // And the API refuses the token anyway: hiding the controls is not the protection.
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new("Bearer", reader);
        using var refused = await http.PostAsJsonAsync("api/services/hello/pause", new { reason = "no" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        browser.AssertNoErrors();
    }

    private static async Task CreateFlagAsync(SlipwayApi api, CancellationToken ct)
    {
        using var created = await api.Http.PostAsJsonAsync(
            "api/services/hello/flags",
            new { key = "new-greeting", flag = new { state = "ENABLED", variants = new { on = true, off = false }, defaultVariant = "off" } },
            ct);
        created.EnsureSuccessStatusCode();
    }
}
