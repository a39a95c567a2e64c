using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Slipway.Core.Config;

/// <summary>
/// Wraps YamlDotNet's event parser and checks <see cref="ConfigLimits"/> on every event, so that a document too deep,
/// too large or too long is refused (<see cref="ConfigLimitException"/>, with the field's path) before
/// <c>YamlStream</c> recurses into it. It also knows the path of the last node read, for syntax errors.
/// </summary>
internal sealed class LimitedParser(IParser inner, long sizeLimitIndex) : IParser
{
    private readonly Stack<Frame> _frames = new();
    private readonly Dictionary<string, long> _anchorSizes = new(StringComparer.Ordinal);
    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    /// <summary>The dotted path of the last node read (empty at the top).</summary>
    public string Path { get; private set; } = "";

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var current = inner.Current!;
        if (sizeLimitIndex >= 0 && current.End.Index > sizeLimitIndex)
        {
            throw TooLarge(current.Start);
        }

        switch (current)
        {
            case Scalar scalar:
                Check(scalar, 1);
                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
            case MappingStart or SequenceStart:
                var path = Check((NodeEvent)current, 1);
                _frames.Push(new Frame(current is MappingStart, path, _nodes, ((NodeEvent)current).Anchor));
                if (_frames.Count > ConfigLimits.MaxDepth)
                {
                    throw new ConfigLimitException(current.Start, path, $"nested more than {ConfigLimits.MaxDepth} levels deep");
                }

                break;
            case MappingEnd or SequenceEnd when _frames.Count > 0:
                var frame = _frames.Pop();
                if (!frame.Anchor.IsEmpty)
                {
                    _anchorSizes[frame.Anchor.Value] = _nodes - frame.NodesBefore + 1;
                }

                break;
        }

        return true;
    }

    /// <summary>The size limit passed: at <paramref name="at"/>, in the field read last.</summary>
    public ConfigLimitException TooLarge(Mark at) =>
        new(at, Path, $"the file is larger than {ConfigLimits.MaxFileBytes / 1024} KiB; the rest is not read");

    /// <summary>
    /// An alias counts as every node of its anchor. Refused: an alias as a key, and an alias before its anchor. The
    /// YAML spec allows neither usefully, and YamlDotNet 18.1 resolves a key alias to a later anchor by a lookup in
    /// which <c>YamlAliasNode.Equals</c> calls itself: a stack overflow, which ends the process.
    /// </summary>
    private void Alias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        var isKey = _frames.TryPeek(out var top) && top.IsMapping && top.ExpectKey;
        var path = Locate(keyText: "*" + name);
        if (_frames.Count == 0)
        {
            throw new ConfigLimitException(alias.Start, path, $"the file is only an alias (*{Short(name)}); expected a mapping of keys such as build, artifact and run");
        }

        if (isKey)
        {
            throw new ConfigLimitException(alias.Start, path, $"an alias (*{Short(name)}) cannot be a key");
        }

        if (_anchorSizes.TryGetValue(name, out var size))
        {
            Count(alias, path, size);
        }
        else if (_frames.Any(f => !f.Anchor.IsEmpty && f.Anchor.Value == name))
        {
            throw new ConfigLimitException(alias.Start, path, $"the alias *{Short(name)} refers to a node that contains it");
        }
        else
        {
            throw new ConfigLimitException(alias.Start, path, $"the alias *{Short(name)} refers to no anchor defined before it");
        }
    }

    private string Check(NodeEvent node, long size)
    {
        var keyText = node is Scalar s ? s.Value : null;
        var isKey = _frames.TryPeek(out var top) && top.IsMapping && top.ExpectKey;
        var path = Locate(keyText);
        Count(node, path, size);
        if (!node.Anchor.IsEmpty && node is Scalar)
        {
            _anchorSizes[node.Anchor.Value] = 1;
        }

        if (keyText is not null)
        {
            var max = isKey ? ConfigLimits.MaxKeyLength : ConfigLimits.MaxValueLength;
            if (keyText.Length > max)
            {
                throw path.Length == 0
                    ? new ConfigLimitException(node.Start, path, $"the file is one value of {keyText.Length} characters, more than {max}; expected a mapping of keys such as build, artifact and run")
                    : new ConfigLimitException(node.Start, path, $"{(isKey ? "key" : "value")} is {keyText.Length} characters long, more than {max}");
            }
        }

        return path;
    }

    private void Count(ParsingEvent at, string path, long size)
    {
        _nodes += size;
        if (_nodes > ConfigLimits.MaxNodes)
        {
            throw new ConfigLimitException(at.Start, path, $"the file has more than {ConfigLimits.MaxNodes} keys, values and list items");
        }
    }

    /// <summary>The path of the node about to be read, and the frame moved on past it.</summary>
    private string Locate(string? keyText)
    {
        if (!_frames.TryPeek(out var frame))
        {
            return Path = "";
        }

        if (!frame.IsMapping)
        {
            return Path = ConfigReader.Path(frame.Path, frame.Index++);
        }

        if (frame.ExpectKey)
        {
            frame.ExpectKey = false;
            frame.Key = string.IsNullOrEmpty(keyText) ? "?" : Short(keyText);
            return Path = ConfigReader.Path(frame.Path, frame.Key);
        }

        frame.ExpectKey = true;
        return Path = ConfigReader.Path(frame.Path, frame.Key ?? "?");
    }

    private static string Short(string text) => text.Length > 40 ? string.Concat(text.AsSpan(0, 37), "...") : text;

    private sealed class Frame(bool isMapping, string path, long nodesBefore, AnchorName anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public long NodesBefore { get; } = nodesBefore;

        public AnchorName Anchor { get; } = anchor;

        public int Index { get; set; }

        public bool ExpectKey { get; set; } = true;

        public string? Key { get; set; }
    }
}
