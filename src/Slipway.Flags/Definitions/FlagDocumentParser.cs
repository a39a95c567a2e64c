using System.Text;
using System.Text.Json;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags;

/// <summary>Reads flagd JSON into <see cref="FlagDefinition"/>s.</summary>
internal static class FlagDocumentParser
{
    /// <summary>
    /// How every flag JSON is read: at most <see cref="FlagLimits.MaxDepth"/> deep (the reader refuses deeper text
    /// before anything recurses), and a property named twice in one object is refused (which of the two would count
    /// is not clear, and a reviewer sees only one).
    /// </summary>
    public static JsonDocumentOptions Options { get; } = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = FlagLimits.MaxDepth,
        AllowDuplicateProperties = false,
    };

    public static JsonElement ParseJson(string json, Diagnostics diagnostics)
    {
        if (TooLarge(json) is { } problem)
        {
            diagnostics.Error(string.Empty, problem);
            return default;
        }

        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            if (UnpairedSurrogate(doc.RootElement, string.Empty) is { } pointer)
            {
                // The reader accepts an escaped half of a surrogate pair ("\uD83D" alone); reading that string later
                // throws InvalidOperationException, so it is refused here, where the document is read.
                diagnostics.Error(pointer, UnpairedSurrogateReason);
                return default;
            }

            return doc.RootElement.Clone();
        }
        catch (InvalidOperationException)
        {
            // The duplicate-name check decodes every property name, and a name with half a surrogate pair throws
            // there: read again without that check to find where it is.
            diagnostics.Error(UnpairedSurrogatePointer(json) ?? string.Empty, UnpairedSurrogateReason);
            return default;
        }
        catch (JsonException ex)
        {
            // The reader says what is wrong but not where; one more pass finds the pointer.
            diagnostics.Errors.Add(JsonShape.FindProblem(json) ?? new FlagDefinitionError(string.Empty, $"not valid JSON: {ex.Message}"));
            return default;
        }
    }

    private const string UnpairedSurrogateReason = "not valid JSON: a string holds half of a UTF-16 surrogate pair (an escaped \\uD800-\\uDFFF without its other half)";

    private static string? UnpairedSurrogatePointer(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, Options with { AllowDuplicateProperties = true });
            return UnpairedSurrogate(doc.RootElement, string.Empty);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The pointer of the first string or property name that does not decode (an unpaired surrogate), or null.</summary>
    private static string? UnpairedSurrogate(JsonElement element, string pointer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Decodes(element) ? null : pointer;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return pointer;
                    }

                    if (UnpairedSurrogate(property.Value, pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnpairedSurrogate(item, pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            default:
                return null;
        }

        static bool Decodes(JsonElement s)
        {
            try
            {
                _ = s.GetString();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Why a text is too large to read as a flag document, or null.</summary>
    public static string? TooLarge(string json)
    {
        // A char is at least one UTF-8 byte, so a short text needs no count.
        if (json.Length <= FlagLimits.MaxDocumentBytes / 3)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes > FlagLimits.MaxDocumentBytes
            ? $"the document is {bytes} bytes; the limit is {FlagLimits.MaxDocumentBytes} bytes (FlagLimits.MaxDocumentBytes, 1 MiB)"
            : null;
    }

    /// <summary>
    /// Why a flag given as an element (say from a request body, read with whatever options its reader had) cannot be
    /// taken: larger than a document may be, nested past <see cref="FlagLimits.MaxDepth"/>, or a name twice in one
    /// object. Null when it can.
    /// </summary>
    public static FlagDefinitionError? CheckElement(JsonElement json, string pointer)
    {
        var text = json.GetRawText();
        if (TooLarge(text) is { } problem)
        {
            return new(pointer, problem.Replace("the document is", "the flag is", StringComparison.Ordinal));
        }

        return JsonShape.FindProblem(text, pointer);
    }

    /// <summary>Why <paramref name="key"/> is not a valid flag key, or null: 1 to 256 of [A-Za-z0-9._-], not starting with '.'.</summary>
    public static string? CheckFlagKey(string key)
    {
        if (key.Length is 0 or > FlagLimits.MaxKeyLength)
        {
            return $"flag key '{Shorten(key)}' is {key.Length} characters; a flag key is 1 to {FlagLimits.MaxKeyLength} characters (FlagLimits.MaxKeyLength)";
        }

        if (key[0] == '.')
        {
            return $"flag key '{key}' starts with '.'; a flag key is letters, digits, '.', '_' and '-', not starting with '.'";
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return $"flag key '{key}' contains '{c}'; a flag key is letters, digits, '.', '_' and '-', not starting with '.'";
            }
        }

        return null;
    }

    /// <summary>The first characters of a long name, for a message that must not repeat a hostile input in full.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

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
                    if (evaluator.Name.Length is 0 or > FlagLimits.MaxKeyLength)
                    {
                        diagnostics.Error(
                            JsonPointer.Append("/$evaluators", Shorten(evaluator.Name)),
                            $"evaluator name '{Shorten(evaluator.Name)}' is {evaluator.Name.Length} characters; an evaluator name is 1 to {FlagLimits.MaxKeyLength} characters (FlagLimits.MaxKeyLength)");
                        continue;
                    }

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

        var flagCount = 0;
        foreach (var unused in flags.EnumerateObject())
        {
            flagCount++;
        }

        if (flagCount > FlagLimits.MaxFlags)
        {
            diagnostics.Error("/flags", $"the document defines {flagCount} flags; the limit is {FlagLimits.MaxFlags} (FlagLimits.MaxFlags)");
            return null;
        }

        var definitions = new Dictionary<string, FlagDefinition>(StringComparer.Ordinal);
        foreach (var property in flags.EnumerateObject())
        {
            if (CheckFlagKey(property.Name) is { } keyProblem)
            {
                // Left out, not kept as a broken flag: a hostile key is neither interned nor served back.
                diagnostics.Error(JsonPointer.Append("/flags", Shorten(property.Name)), keyProblem);
                continue;
            }

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
                if (variant.Name.Length > FlagLimits.MaxVariantNameLength)
                {
                    diagnostics.Error(
                        JsonPointer.Append(variantsPointer, Shorten(variant.Name)),
                        $"variant name '{Shorten(variant.Name)}' is {variant.Name.Length} characters; the limit is {FlagLimits.MaxVariantNameLength} (FlagLimits.MaxVariantNameLength)");
                    continue;
                }

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
                if (compiler.Expand(targetingJson).Problem("'targeting'") is { } problem)
                {
                    // Measured before compiling: a rule past the limits is neither built nor evaluated.
                    diagnostics.Error(targetingPointer, problem);
                }
                else
                {
                    targeting = compiler.Compile(targetingJson, targetingPointer, diagnostics);
                    CheckOutcomes(targetingJson, targetingPointer, names, diagnostics);
                }
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

    /// <summary>
    /// Reports the literal results of a rule (an <c>if</c>'s branches, a split's bucket names) that name no variant:
    /// flagd resolves them to an error at run time, so they are refused when a definition is saved.
    /// </summary>
    private static void CheckOutcomes(JsonElement rule, string pointer, List<string> names, Diagnostics diagnostics)
    {
        if (names.Count == 0)
        {
            return;
        }

        switch (rule.ValueKind)
        {
            case JsonValueKind.String:
                CheckOutcome(rule.GetString()!, pointer, names, diagnostics);
                return;
            case JsonValueKind.True:
            case JsonValueKind.False:
                CheckOutcome(rule.ValueKind == JsonValueKind.True ? "true" : "false", pointer, names, diagnostics);
                return;
            case JsonValueKind.Object:
                break;
            default:
                return;
        }

        JsonProperty operation = default;
        var count = 0;
        foreach (var property in rule.EnumerateObject())
        {
            operation = property;
            count++;
        }

        if (count != 1 || operation.Value.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var opPointer = JsonPointer.Append(pointer, operation.Name);
        var args = operation.Value;
        var length = args.GetArrayLength();
        if (operation.Name is "if" or "?:")
        {
            for (var i = 1; i < length; i += 2)
            {
                CheckOutcomes(args[i], JsonPointer.Append(opPointer, i), names, diagnostics);
            }

            if (length > 1 && length % 2 == 1)
            {
                CheckOutcomes(args[length - 1], JsonPointer.Append(opPointer, length - 1), names, diagnostics);
            }
        }
        else if (operation.Name == "fractional")
        {
            for (var i = 0; i < length; i++)
            {
                if (args[i].ValueKind == JsonValueKind.Array && args[i].GetArrayLength() > 0 && args[i][0].ValueKind == JsonValueKind.String)
                {
                    CheckOutcome(args[i][0].GetString()!, JsonPointer.Append(JsonPointer.Append(opPointer, i), 0), names, diagnostics);
                }
            }
        }
    }

    private static void CheckOutcome(string variant, string pointer, List<string> names, Diagnostics diagnostics)
    {
        if (!names.Contains(variant))
        {
            diagnostics.Strict(pointer, $"targeting returns '{Shorten(variant)}', which is not one of the variants ({string.Join(", ", names)})");
        }
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
