using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags;

/// <summary>
/// A compiled flagd document: <c>{"flags":{...},"$evaluators":{...},"metadata":{...}}</c>. Immutable and thread-safe;
/// changes produce a new document.
/// </summary>
public sealed class FlagDocument
{
    private readonly Dictionary<string, FlagDefinition> _flags;
    private readonly FrozenDictionary<string, FlagDefinition> _lookup;
    private readonly Dictionary<string, JsonElement> _evaluators;
    private readonly JsonElement? _metadata;

    internal FlagDocument(Dictionary<string, FlagDefinition> flags, Dictionary<string, JsonElement> evaluators, JsonElement? metadata)
    {
        _flags = flags;
        _lookup = flags.ToFrozenDictionary(f => f.Value.Key, f => f.Value, StringComparer.Ordinal);
        _evaluators = evaluators;
        _metadata = metadata;
    }

    public static FlagDocument Empty { get; } = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal), null);

    public IReadOnlyDictionary<string, FlagDefinition> Flags => _flags;

    /// <summary>Parses and validates strictly: any problem throws <see cref="FlagDefinitionException"/> with a JSON pointer.</summary>
    public static FlagDocument Parse(string json)
    {
        var result = Validate(json);
        if (!result.IsValid)
        {
            throw new FlagDefinitionException(result.Errors);
        }

        return result.Document!;
    }

    /// <summary>
    /// Parses the way flagd does: a flag with a broken rule (say a <c>$ref</c> to a missing evaluator) stays in the
    /// document and resolves with PARSE_ERROR. Throws only when the text is not a flag document at all.
    /// </summary>
    public static FlagDocument ParseLenient(string json)
    {
        var diagnostics = new Diagnostics();
        var root = FlagDocumentParser.ParseJson(json, diagnostics);
        return FlagDocumentParser.ParseDocument(root, diagnostics) ?? throw new FlagDefinitionException(diagnostics.Errors);
    }

    /// <summary>Every problem in the document, with JSON pointers. Never throws.</summary>
    public static FlagValidationResult Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var diagnostics = new Diagnostics();
        var root = FlagDocumentParser.ParseJson(json, diagnostics);
        var document = FlagDocumentParser.ParseDocument(root, diagnostics);
        return new FlagValidationResult(diagnostics.All.Distinct().ToList(), document);
    }

    public bool TryGetFlag(string key, out FlagDefinition flag) => _lookup.TryGetValue(key, out flag!);

    /// <summary>Validates one flag definition against this document's evaluators, without changing anything.</summary>
    public IReadOnlyList<FlagDefinitionError> ValidateFlag(string key, JsonElement flagJson)
    {
        ArgumentNullException.ThrowIfNull(key);
        var diagnostics = new Diagnostics();
        if (FlagDocumentParser.CheckFlagKey(key) is { } keyProblem)
        {
            diagnostics.Error(JsonPointer.Append("/flags", FlagDocumentParser.Shorten(key)), keyProblem);
            return diagnostics.Errors;
        }

        if (FlagDocumentParser.CheckElement(flagJson, JsonPointer.Append("/flags", key)) is { } shapeProblem)
        {
            return [shapeProblem];
        }

        FlagDocumentParser.ParseFlag(key, flagJson, new JsonLogicCompiler(_evaluators), _metadata, diagnostics);
        return diagnostics.All.Distinct().ToList();
    }

    /// <summary>A copy with one flag added or replaced. Throws <see cref="FlagDefinitionException"/> if the flag is invalid.</summary>
    public FlagDocument WithFlag(string key, JsonElement flagJson) => WithChanges([KeyValuePair.Create(key, (JsonElement?)flagJson)], strict: true);

    public FlagDocument WithFlag(string key, string flagJson)
    {
        ArgumentNullException.ThrowIfNull(flagJson);
        var diagnostics = new Diagnostics();
        var json = FlagDocumentParser.ParseJson(flagJson, diagnostics);
        if (diagnostics.Errors.Count > 0)
        {
            throw new FlagDefinitionException(diagnostics.Errors);
        }

        return WithFlag(key, json);
    }

    public FlagDocument WithoutFlag(string key) => WithChanges([KeyValuePair.Create(key, (JsonElement?)null)], strict: true);

    /// <summary>
    /// A copy with several flags replaced (a null definition removes the flag). When <paramref name="strict"/> is false,
    /// invalid flags are kept and resolve with PARSE_ERROR (what a client does with what the server sent).
    /// </summary>
    public FlagDocument WithChanges(IEnumerable<KeyValuePair<string, JsonElement?>> changes, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var flags = new Dictionary<string, FlagDefinition>(_flags, StringComparer.Ordinal);
        var compiler = new JsonLogicCompiler(_evaluators);
        var diagnostics = new Diagnostics();
        foreach (var (key, json) in changes)
        {
            if (json is null || json.Value.ValueKind == JsonValueKind.Null)
            {
                flags.Remove(key);
                continue;
            }

            if (FlagDocumentParser.CheckFlagKey(key) is { } keyProblem)
            {
                diagnostics.Error(JsonPointer.Append("/flags", FlagDocumentParser.Shorten(key)), keyProblem);
                continue;
            }

            if (flags.Count >= FlagLimits.MaxFlags && !flags.ContainsKey(key))
            {
                diagnostics.Error(JsonPointer.Append("/flags", key), $"the document already holds {flags.Count} flags; the limit is {FlagLimits.MaxFlags} (FlagLimits.MaxFlags)");
                continue;
            }

            if (FlagDocumentParser.CheckElement(json.Value, JsonPointer.Append("/flags", key)) is { } shapeProblem)
            {
                // Not taken, and the flag as it was is no longer what the source says.
                diagnostics.Errors.Add(shapeProblem);
                flags.Remove(key);
                continue;
            }

            flags[key] = FlagDocumentParser.ParseFlag(key, json.Value.Clone(), compiler, _metadata, diagnostics);
        }

        if (strict && diagnostics.All.Any())
        {
            throw new FlagDefinitionException(diagnostics.All.Distinct().ToList());
        }

        return new FlagDocument(flags, _evaluators, _metadata);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject("flags");
        foreach (var (key, flag) in _flags)
        {
            writer.WritePropertyName(key);
            flag.Json.WriteTo(writer);
        }

        writer.WriteEndObject();
        if (_evaluators.Count > 0)
        {
            writer.WriteStartObject("$evaluators");
            foreach (var (name, evaluator) in _evaluators)
            {
                writer.WritePropertyName(name);
                evaluator.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        if (_metadata is { } metadata)
        {
            writer.WritePropertyName("metadata");
            metadata.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>The document as flagd JSON (flags as written, so a round trip keeps them).</summary>
    public string ToJson(bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
