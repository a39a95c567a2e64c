using System.Text.Json;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags;

/// <summary>Reads flagd JSON into <see cref="FlagDefinition"/>s.</summary>
internal static class FlagDocumentParser
{
    public static JsonElement ParseJson(string json, Diagnostics diagnostics)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            diagnostics.Error(string.Empty, $"not valid JSON: {ex.Message}");
            return default;
        }
    }

    /// <summary>Reads a whole document. Returns null when it is not a flag document at all.</summary>
    public static FlagDocument? ParseDocument(JsonElement root, Diagnostics diagnostics)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            if (root.ValueKind != JsonValueKind.Undefined)
            {
                diagnostics.Error(string.Empty, "a flag document must be a JSON object");
            }

            return null;
        }

        if (!root.TryGetProperty("flags", out var flags) || flags.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error("/flags", "'flags' must be an object of flag definitions");
            return null;
        }

        var evaluators = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("$evaluators", out var evaluatorsJson))
        {
            if (evaluatorsJson.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Error("/$evaluators", "'$evaluators' must be an object of named rules");
            }
            else
            {
                foreach (var evaluator in evaluatorsJson.EnumerateObject())
                {
                    evaluators[evaluator.Name] = evaluator.Value.Clone();
                }
            }
        }

        JsonElement? setMetadata = null;
        if (root.TryGetProperty("metadata", out var metadataJson))
        {
            setMetadata = metadataJson.Clone();
            CheckMetadata(metadataJson, "/metadata", diagnostics);
        }

        var compiler = new JsonLogicCompiler(evaluators);
        foreach (var name in evaluators.Keys)
        {
            // Report problems in evaluators even when no flag refers to them.
            var own = new Diagnostics();
            compiler.CompileEvaluator(name, own);
            diagnostics.Errors.AddRange(own.Errors);
            diagnostics.StrictOnly.AddRange(own.StrictOnly);
        }

        var definitions = new Dictionary<string, FlagDefinition>(StringComparer.Ordinal);
        foreach (var property in flags.EnumerateObject())
        {
            var flagDiagnostics = new Diagnostics();
            definitions[property.Name] = ParseFlag(property.Name, property.Value.Clone(), compiler, setMetadata, flagDiagnostics);
            diagnostics.Errors.AddRange(flagDiagnostics.Errors);
            diagnostics.StrictOnly.AddRange(flagDiagnostics.StrictOnly);
        }

        return new FlagDocument(definitions, evaluators, setMetadata);
    }

    public static FlagDefinition ParseFlag(string key, JsonElement json, JsonLogicCompiler compiler, JsonElement? setMetadata, Diagnostics diagnostics)
    {
        var pointer = JsonPointer.Append("/flags", key);
        var before = diagnostics.Errors.Count;
        if (json.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error(pointer, "a flag must be an object with state, variants and defaultVariant");
            return Broken(key, json, diagnostics.Errors[before]);
        }

        var state = FlagState.Enabled;
        if (!json.TryGetProperty("state", out var stateJson))
        {
            diagnostics.Error(JsonPointer.Append(pointer, "state"), "'state' is required: \"ENABLED\" or \"DISABLED\"");
        }
        else if (stateJson.ValueKind == JsonValueKind.String && stateJson.ValueEquals("ENABLED"))
        {
            state = FlagState.Enabled;
        }
        else if (stateJson.ValueKind == JsonValueKind.String && stateJson.ValueEquals("DISABLED"))
        {
            state = FlagState.Disabled;
        }
        else
        {
            diagnostics.Error(JsonPointer.Append(pointer, "state"), "'state' must be \"ENABLED\" or \"DISABLED\"");
        }

        var names = new List<string>();
        var values = new List<FlagValue>();
        var variantsPointer = JsonPointer.Append(pointer, "variants");
        if (!json.TryGetProperty("variants", out var variantsJson) || variantsJson.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error(variantsPointer, "'variants' must be an object of named values");
        }
        else
        {
            foreach (var variant in variantsJson.EnumerateObject())
            {
                names.Add(variant.Name);
                values.Add(FlagValue.FromJson(variant.Value));
            }

            if (names.Count == 0)
            {
                diagnostics.Error(variantsPointer, "'variants' must name at least one value");
            }
            else if (values.Select(v => v.Kind).Distinct().Count() > 1)
            {
                diagnostics.Strict(variantsPointer, "all variants of a flag must have the same type");
            }
        }

        var defaultIndex = -1;
        if (json.TryGetProperty("defaultVariant", out var defaultJson))
        {
            var defaultPointer = JsonPointer.Append(pointer, "defaultVariant");
            if (defaultJson.ValueKind == JsonValueKind.String)
            {
                defaultIndex = names.IndexOf(defaultJson.GetString()!);
                if (defaultIndex < 0 && names.Count > 0)
                {
                    diagnostics.Error(defaultPointer, $"'defaultVariant' is '{defaultJson.GetString()}', which is not one of the variants ({string.Join(", ", names)})");
                }
            }
            else if (defaultJson.ValueKind != JsonValueKind.Null)
            {
                diagnostics.Error(defaultPointer, "'defaultVariant' must be a variant name or null");
            }
        }

        Node? targeting = null;
        if (json.TryGetProperty("targeting", out var targetingJson))
        {
            var targetingPointer = JsonPointer.Append(pointer, "targeting");
            if (targetingJson.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Error(targetingPointer, "'targeting' must be a JsonLogic object");
            }
            else if (targetingJson.EnumerateObject().Any())
            {
                targeting = compiler.Compile(targetingJson, targetingPointer, diagnostics);
            }
        }

        var metadata = new Dictionary<string, FlagValue>(StringComparer.Ordinal);
        if (setMetadata is { ValueKind: JsonValueKind.Object } set)
        {
            foreach (var entry in set.EnumerateObject())
            {
                metadata[entry.Name] = FlagValue.FromJson(entry.Value);
            }
        }

        if (json.TryGetProperty("metadata", out var metadataJson))
        {
            var metadataPointer = JsonPointer.Append(pointer, "metadata");
            if (CheckMetadata(metadataJson, metadataPointer, diagnostics))
            {
                foreach (var entry in metadataJson.EnumerateObject())
                {
                    metadata[entry.Name] = FlagValue.FromJson(entry.Value);
                }
            }
        }

        if (diagnostics.Errors.Count > before)
        {
            return Broken(key, json, diagnostics.Errors[before], state, [.. names], [.. values], metadata);
        }

        return new FlagDefinition(key, state, [.. names], [.. values], defaultIndex, targeting, Metadata(metadata), json, null);
    }

    private static bool CheckMetadata(JsonElement metadata, string pointer, Diagnostics diagnostics)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Error(pointer, "'metadata' must be an object");
            return false;
        }

        foreach (var entry in metadata.EnumerateObject())
        {
            if (entry.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                diagnostics.Strict(JsonPointer.Append(pointer, entry.Name), "metadata values must be strings, numbers or booleans");
            }
        }

        return true;
    }

    private static FlagMetadata Metadata(Dictionary<string, FlagValue> values) => values.Count == 0 ? FlagMetadata.Empty : new FlagMetadata(values);

    private static FlagDefinition Broken(
        string key,
        JsonElement json,
        FlagDefinitionError error,
        FlagState state = FlagState.Enabled,
        string[]? names = null,
        FlagValue[]? values = null,
        Dictionary<string, FlagValue>? metadata = null) =>
        new(key, state, names ?? [], values ?? [], -1, null, metadata is null ? FlagMetadata.Empty : Metadata(metadata), json, error);
}
