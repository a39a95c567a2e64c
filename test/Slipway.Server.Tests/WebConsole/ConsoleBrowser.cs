using Microsoft.Playwright;
using Slipway.TestKit;

namespace Slipway.Server.Tests.WebConsole;

/// <summary>
/// Debian's Chromium driven by Playwright, one page at 1280×800 that records every console error and page error.
/// Tests skip (by name, with the reason) where /usr/bin/chromium is absent; .ci/run installs it.
/// With SLIPWAY_SCREENSHOTS=1 the tests write the docs' screenshots to docs/images/.
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly float Timeout = 120_000;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.SetDefaultTimeout(Timeout);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Add($"page: {error}");
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    public static void SkipWithoutChromium()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"Skipped: {Chromium} is not installed (.ci/run installs Debian's chromium).");
        }
    }

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        return new ConsoleBrowser(playwright, browser, await context.NewPageAsync());
    }

    /// <summary>Opens the console, logs in with the token through the login form, and waits for the page to name the caller.</summary>
    public async Task LogInAsync(Uri server, string token)
    {
        await Page.GotoAsync(new Uri(server, "console").ToString());
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("#loginForm button[type=submit]");
        await Assertions.Expect(Page.Locator("#who")).Not.ToBeEmptyAsync(new() { Timeout = Timeout });
    }

    /// <summary>Follows a link of the page (history-API navigation, no reload) or, with <paramref name="reload"/>, loads the URL afresh.</summary>
    public async Task OpenAsync(Uri server, string path, bool reload = false)
    {
        if (reload)
        {
            await Page.GotoAsync(new Uri(server, path.TrimStart('/')).ToString());
        }
        else
        {
            await Page.EvaluateAsync("p => { history.pushState(null, '', p); dispatchEvent(new PopStateEvent('popstate')); }", path);
        }
    }

    public static LocatorAssertionsToContainTextOptions Wait => new() { Timeout = Timeout };

    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("SLIPWAY_SCREENSHOTS") != "1")
        {
            return;
        }

        var folder = Path.Combine(HelloSample.RepositoryRoot(), "docs", "images");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"console-{name}.png") });
    }

    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "browser errors:\n" + string.Join("\n", Errors));

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
