using System.Text;
using System.Text.Json;

namespace Slipway.Flags;

/// <summary>
/// Finds where a text the reader refused goes wrong, as a JSON pointer: nesting past <see cref="FlagLimits.MaxDepth"/>,
/// a property named twice in one object, or a syntax error. One forward pass with <see cref="Utf8JsonReader"/> and
/// an explicit stack, so no input can overflow the call stack. Run on a document only after the reader has refused
/// it (to say where), and on each flag that arrives as an element read by someone else's reader.
/// </summary>
internal static class JsonShape
{
    /// <param name="json">The text.</param>
    /// <param name="at">The pointer of the text's root within its document (a flag set alone is at <c>/flags/key</c>).</param>
    public static FlagDefinitionError? FindProblem(string json, string at = "")
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = FlagLimits.MaxDepth + 1,
        });

        // One frame per open object or array: its pointer, the names seen (objects), the next index (arrays).
        var frames = new Stack<Frame>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        var names = frames.Peek().Names!;
                        if (!names.Add(property))
                        {
                            var parent = frames.Peek().Pointer;
                            return new(JsonPointer.Append(parent, property), $"'{FlagDocumentParser.Shorten(property)}' appears twice in {(parent.Length == 0 ? "the document" : FlagDocumentParser.Shorten(parent))}; a name may appear once in an object");
                        }

                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var pointer = ValuePointer(frames, property, at);
                        if (frames.Count >= FlagLimits.MaxDepth)
                        {
                            return new(pointer, $"the JSON nests deeper than {FlagLimits.MaxDepth} levels (FlagLimits.MaxDepth)");
                        }

                        frames.Push(new Frame(pointer, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    default:
                        Advance(frames);
                        break;
                }

                property = null;
            }
        }
        catch (JsonException ex)
        {
            return new(frames.Count > 0 ? frames.Peek().Pointer : at, $"not valid JSON: {ex.Message}");
        }

        return null;
    }

    private static string ValuePointer(Stack<Frame> frames, string? property, string at)
    {
        if (frames.Count == 0)
        {
            return at;
        }

        var parent = frames.Peek();
        return parent.Names is not null ? JsonPointer.Append(parent.Pointer, property ?? string.Empty) : JsonPointer.Append(parent.Pointer, parent.Index);
    }

    // After a value inside an array, the next one has the next index.
    private static void Advance(Stack<Frame> frames)
    {
        if (frames.Count > 0 && frames.Peek().Names is null)
        {
            frames.Peek().Index++;
        }
    }

    private sealed class Frame(string pointer, HashSet<string>? names)
    {
        public string Pointer { get; } = pointer;

        public HashSet<string>? Names { get; } = names;

        public int Index { get; set; }
    }
}
