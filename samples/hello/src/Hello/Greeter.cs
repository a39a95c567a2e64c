namespace Hello;

/// <summary>Builds the greeting from configuration: "&lt;text&gt; from &lt;version&gt;!", or with the new greeting "&lt;text&gt; from &lt;version&gt;. Nice to see you.".</summary>
public sealed class Greeter(IConfiguration configuration)
{
    public const string NewGreetingEnding = ". Nice to see you.";

    public string Version => configuration[GreetingOptions.VersionKey] is { Length: > 0 } version ? version : GreetingOptions.DefaultVersion;

    /// <summary>The configured greeting text, or <see langword="null"/> when the setting is missing or blank.</summary>
    public string? Text => configuration[GreetingOptions.TextKey] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>The greeting, or <see langword="null"/> when no greeting text is configured.</summary>
    public string? Greet() => Greet(newGreeting: false);

    /// <summary>The greeting, the new one when the <c>new-greeting</c> flag is on for this user.</summary>
    public string? Greet(bool newGreeting) => Text is { } text ? $"{text} from {Version}{(newGreeting ? NewGreetingEnding : "!")}" : null;
}
