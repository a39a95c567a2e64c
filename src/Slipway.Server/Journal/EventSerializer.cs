using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Core.Journal;

namespace Slipway.Server.Journal;

/// <summary>Turns events into journal records and back. <see cref="EventTypes"/> names them; unknown names fail loudly.</summary>
internal static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static NewJournalRecord ToRecord(SlipwayEvent e, DateTimeOffset timestamp) =>
        new(e.Service, EventTypes.NameOf(e), JsonSerializer.Serialize(e, e.GetType(), Options), timestamp);

    public static SlipwayEvent FromRecord(StoredJournalRecord record)
    {
        if (!EventTypes.ByName.TryGetValue(record.Type, out var type))
        {
            throw new InvalidDataException($"Journal record {record.Sequence} has unknown event type '{record.Type}'.");
        }

        return (SlipwayEvent)(JsonSerializer.Deserialize(record.Data, type, Options)
            ?? throw new InvalidDataException($"Journal record {record.Sequence} has empty data."));
    }
}
