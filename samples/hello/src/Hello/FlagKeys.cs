namespace Hello;

/// <summary>The feature flags this service reads (declared in flags.json).</summary>
public static class FlagKeys
{
    /// <summary>On: the greeting ends with "Nice to see you." instead of "!".</summary>
    public const string NewGreeting = "new-greeting";

    /// <summary>On: /checkout takes the new path, which has a bug: one request in 20 fails (<see cref="Checkout"/>).</summary>
    public const string NewCheckout = "new-checkout";

    /// <summary>Response header with the flag configuration's version, so a caller can tell which config answered.</summary>
    public const string VersionHeader = "X-Flags-Version";
}
