using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Core.Journal;

namespace Slipway.Server.Journal;

/// <summary>Turns events into journal records and back. The type name is the discriminator; unknown types fail loudly.</summary>
internal static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly Dictionary<string, Type> Types = typeof(SlipwayEvent).Assembly
        .GetTypes()
        .Where(t => t.IsSubclassOf(typeof(SlipwayEvent)) && !t.IsAbstract)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static NewJournalRecord ToRecord(SlipwayEvent e, DateTimeOffset timestamp) =>
        new(e.Service, e.GetType().Name, JsonSerializer.Serialize(e, e.GetType(), Options), timestamp);

    public static SlipwayEvent FromRecord(StoredJournalRecord record)
    {
        if (!Types.TryGetValue(record.Type, out var type))
        {
            throw new InvalidDataException($"Journal record {record.Sequence} has unknown event type '{record.Type}'.");
        }

        return (SlipwayEvent)(JsonSerializer.Deserialize(record.Data, type, Options)
            ?? throw new InvalidDataException($"Journal record {record.Sequence} has empty data."));
    }
}
