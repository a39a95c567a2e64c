using System.Text.Json;
using Slipway.Flags.Protocol;

namespace Slipway.Flags.Tests.Protocol;

public sealed class FlagStreamProtocolTests
{
    [Fact]
    public void A_snapshot_reads_back_as_the_same_document_and_version()
    {
        var document = FlagDocument.Parse(TestFlags.Rollout);

        var snapshot = FlagStreamProtocol.ReadSnapshot(FlagStreamProtocol.SnapshotData(42, document));

        Assert.Equal(42, snapshot.Version);
        Assert.Equal(document.Flags.Keys.Order(), snapshot.Document.Flags.Keys.Order());
    }

    [Fact]
    public void A_change_carries_updated_and_deleted_flags()
    {
        using var flag = JsonDocument.Parse("""{ "state": "DISABLED", "variants": { "on": true }, "defaultVariant": "on" }""");

        var data = FlagStreamProtocol.ChangeData(7, [new("a", flag.RootElement), new("b", null)]);
        var change = FlagStreamProtocol.ReadChange(data);

        Assert.Equal("""{"version":7,"changes":[{"key":"a","flag":{"state":"DISABLED","variants":{"on":true},"defaultVariant":"on"}},{"key":"b","flag":null}]}""", data);
        Assert.Equal(7, change.Version);
        Assert.NotNull(change.Changes[0].Value);
        Assert.Null(change.Changes[1].Value);
    }

    [Fact]
    public void The_stream_url_names_service_and_environment()
    {
        Assert.Equal(
            "http://127.0.0.1:5000/api/flags/v1/stream?service=web%20shop&environment=production",
            FlagStreamProtocol.StreamUrl(new Uri("http://127.0.0.1:5000/"), "web shop", "production"));
    }
}
