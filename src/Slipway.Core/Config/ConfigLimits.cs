namespace Slipway.Core.Config;

/// <summary>
/// How big a <c>slipway.yml</c> may be. A file past any of these is one config error, found while the YAML is read as
/// events, before a tree is built: a commit can make its own pipeline fail, never the server.
/// </summary>
public static class ConfigLimits
{
    /// <summary>The largest file, in UTF-8 bytes (256 KiB).</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>The deepest nesting of mappings and lists; the top-level mapping is level 1.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most keys, values and list items in the file, counting each use of an alias as a copy of its anchor.</summary>
    public const int MaxNodes = 10_000;

    /// <summary>The longest key, in characters.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The longest value, in characters (a long shell command fits; a file pasted in does not).</summary>
    public const int MaxValueLength = 16 * 1024;
}
