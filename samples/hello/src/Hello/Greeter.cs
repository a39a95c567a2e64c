namespace Hello;

/// <summary>Builds the greeting from configuration: "&lt;text&gt; from &lt;version&gt;!".</summary>
public sealed class Greeter(IConfiguration configuration)
{
    public string Version => configuration[GreetingOptions.VersionKey] is { Length: > 0 } version ? version : GreetingOptions.DefaultVersion;

    /// <summary>The configured greeting text, or <see langword="null"/> when the setting is missing or blank.</summary>
    public string? Text => configuration[GreetingOptions.TextKey] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    /// <summary>The greeting, or <see langword="null"/> when no greeting text is configured.</summary>
    public string? Greet() => Text is { } text ? $"{text} from {Version}!" : null;
}
