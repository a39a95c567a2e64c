using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Slipway.Server.Tests.Flags;

public sealed class FlagsApiTests : IAsyncLifetime
{
    private FlagServer _server = null!;

    private static CancellationToken Token => FlagServer.Token;

    public async ValueTask InitializeAsync() => _server = await FlagServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_created_flag_is_listed_and_read_back_as_written()
    {
        using var created = await _server.PostJsonAsync("/api/services/shop/flags", new { key = "color", flag = JsonDocument.Parse(TestFlags.Color).RootElement });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var list = await _server.GetJsonAsync("/api/services/shop/flags");
        Assert.Equal(1, list.GetProperty("version").GetInt64());
        Assert.Equal("production", list.GetProperty("environment").GetString());
        var flag = Assert.Single(list.GetProperty("flags").EnumerateArray());
        Assert.Equal("color", flag.GetProperty("key").GetString());
        Assert.Equal("targeting rules", flag.GetProperty("rule").GetString());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(TestFlags.Color).RootElement, flag.GetProperty("definition")));
    }

    [Fact]
    public async Task Creating_a_flag_that_exists_is_a_conflict()
    {
        await _server.PutFlagOkAsync("shop", "color", TestFlags.Color);

        using var again = await _server.PostJsonAsync("/api/services/shop/flags", new { key = "color", flag = JsonDocument.Parse(TestFlags.Color).RootElement });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_invalid_rule_gets_400_with_a_json_pointer_and_the_reason_and_changes_nothing()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);

        using var response = await _server.PutFlagAsync("shop", "greeting", TestFlags.UnknownOperator);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await FlagServer.JsonOf(response);
        Assert.Equal("/flags/greeting/targeting/if/0/sounds_like", problem.GetProperty("pointer").GetString());
        Assert.Contains("sounds_like", problem.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var after = await _server.GetJsonAsync("/api/services/shop/flags/greeting");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(TestFlags.Off).RootElement, after.GetProperty("definition")));
        Assert.Equal(1, (await _server.GetJsonAsync("/api/services/shop/flags")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Flag_json_that_is_not_a_flag_gets_400_with_a_pointer()
    {
        using var response = await _server.PutFlagAsync("shop", "broken", """{"state":"MAYBE","variants":{"on":true},"defaultVariant":"on"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await FlagServer.JsonOf(response);
        Assert.StartsWith("/flags/broken/state", problem.GetProperty("pointer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_change_is_audited_with_who_when_and_the_value_before_and_after()
    {
        using (await _server.PutFlagAsync("shop", "greeting", TestFlags.Off, user: "alice"))
        {
        }

        using (await _server.Http.PostAsJsonAsync("/api/services/shop/flags/greeting/rollout", new { percent = 10, by = "bob" }, Token))
        {
        }

        using (var disable = new HttpRequestMessage(HttpMethod.Post, "/api/services/shop/flags/greeting/disable"))
        {
            using var _ = await _server.Http.SendAsync(disable, Token);
        }

        var audit = (await _server.GetJsonAsync("/api/services/shop/flags-audit?key=greeting")).GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["admin (alice)", "admin (bob)", "admin"], audit.Select(a => a.GetProperty("by").GetString()));
        Assert.Equal(["create", "rollout", "disable"], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.Equal([1L, 2L, 3L], audit.Select(a => a.GetProperty("version").GetInt64()));
        Assert.Equal(JsonValueKind.Null, audit[0].GetProperty("before").ValueKind);
        Assert.Equal(audit[0].GetProperty("after").GetString(), audit[1].GetProperty("before").GetString());
        Assert.Contains("\"DISABLED\"", audit[2].GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.True(audit[2].GetProperty("at").GetDateTimeOffset() >= audit[0].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Disable_is_a_kill_switch_and_enable_restores_the_flag()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);

        using var disabled = await _server.Http.PostAsync("/api/services/shop/flags/greeting/disable", null, Token);
        Assert.Equal("DISABLED", (await FlagServer.JsonOf(disabled)).GetProperty("flag").GetProperty("state").GetString());
        using var enabled = await _server.Http.PostAsync("/api/services/shop/flags/greeting/enable", null, Token);
        Assert.Equal("ENABLED", (await FlagServer.JsonOf(enabled)).GetProperty("flag").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_percentage_rollout_splits_on_the_targeting_key_and_reports_the_exact_share_that_switches()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);

        using var first = await _server.Http.PostAsJsonAsync("/api/services/shop/flags/greeting/rollout", new { percent = 10 }, Token);
        using var second = await _server.Http.PostAsJsonAsync("/api/services/shop/flags/greeting/rollout", new { percent = 25 }, Token);

        var body = await FlagServer.JsonOf(second);
        var definition = body.GetProperty("flag").GetProperty("definition");
        Assert.Equal("""[["on",25],["off",75]]""", definition.GetProperty("targeting").GetProperty("fractional").GetRawText());
        Assert.Equal("split: on 25 %, off 75 %", body.GetProperty("flag").GetProperty("rule").GetString());
        var reassignment = body.GetProperty("reassignment");
        Assert.Equal("bucket_arithmetic", reassignment.GetProperty("method").GetString());
        Assert.Equal(0.15, reassignment.GetProperty("share").GetDouble(), 6);
        var move = Assert.Single(reassignment.GetProperty("transitions").EnumerateArray());
        Assert.Equal(("off", "on"), (move.GetProperty("from").GetString(), move.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task The_preview_says_what_share_would_switch_without_changing_anything()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Split(50));

        using var preview = await _server.Http.PostAsJsonAsync("/api/services/shop/flags/greeting/preview", new { flag = JsonDocument.Parse(TestFlags.Split(30)).RootElement }, Token);

        var body = await FlagServer.JsonOf(preview);
        Assert.Equal(0.2, body.GetProperty("share").GetDouble(), 6);
        Assert.Equal(1, (await _server.GetJsonAsync("/api/services/shop/flags")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_rule_change_is_previewed_on_the_sample_contexts_given()
    {
        await _server.PutFlagOkAsync("shop", "color", TestFlags.Color);
        var everyoneBlue = """{"state":"ENABLED","variants":{"red":"#f00","blue":"#00f"},"defaultVariant":"blue"}""";
        var contexts = Enumerable.Range(0, 10).Select(i => JsonDocument.Parse($$"""{"targetingKey":"u{{i}}","plan":"{{(i < 3 ? "pro" : "free")}}"}""").RootElement).ToList();

        using var preview = await _server.Http.PostAsJsonAsync("/api/services/shop/flags/color/preview", new { flag = JsonDocument.Parse(everyoneBlue).RootElement, contexts }, Token);

        var body = await FlagServer.JsonOf(preview);
        Assert.Equal("sample", body.GetProperty("method").GetString());
        Assert.Equal(0.7, body.GetProperty("share").GetDouble(), 6);
    }

    [Fact]
    public async Task Flags_are_kept_per_environment_with_production_as_the_default()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off, environment: "staging");

        Assert.Empty((await _server.GetJsonAsync("/api/services/shop/flags")).GetProperty("flags").EnumerateArray());
        Assert.Single((await _server.GetJsonAsync("/api/services/shop/flags?environment=staging")).GetProperty("flags").EnumerateArray());
    }

    [Fact]
    public async Task A_missing_flag_is_a_404_problem()
    {
        using var response = await _server.Http.GetAsync("/api/services/shop/flags/nope", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Unknown flag", (await FlagServer.JsonOf(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Deleting_a_flag_removes_it_and_audits_the_last_definition()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);

        using var deleted = await _server.Http.DeleteAsync("/api/services/shop/flags/greeting?by=carol", Token);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty((await _server.GetJsonAsync("/api/services/shop/flags")).GetProperty("flags").EnumerateArray());
        var last = (await _server.GetJsonAsync("/api/services/shop/flags-audit")).GetProperty("entries").EnumerateArray().Last();
        Assert.Equal(("delete", "admin (carol)"), (last.GetProperty("action").GetString(), last.GetProperty("by").GetString()));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task An_imported_flagd_file_is_exported_with_its_flags_and_evaluators()
    {
        var file = """
            {"flags":{"greeting":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"if":[{"$ref":"is_reporter"},"on",null]}}},
             "$evaluators":{"is_reporter":{"ends_with":[{"var":"email"},"@press.example"]}},
             "metadata":{"team":"web"}}
            """;

        using var import = await _server.Http.PutAsync("/api/services/shop/flagd", new StringContent(file, Encoding.UTF8, "application/json"), Token);
        var result = await FlagServer.JsonOf(import);
        Assert.Equal(["greeting"], result.GetProperty("created").EnumerateArray().Select(e => e.GetString()));

        var exported = await _server.GetJsonAsync("/api/services/shop/flagd");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(file).RootElement, exported));
    }

    [Fact]
    public async Task An_import_in_replace_mode_deletes_the_flags_the_file_does_not_have()
    {
        await _server.PutFlagOkAsync("shop", "old", TestFlags.Off);
        var file = "{\"flags\":{\"limit\":" + TestFlags.Limit + "}}";

        using var import = await _server.Http.PutAsync("/api/services/shop/flagd?mode=replace", new StringContent(file, Encoding.UTF8, "application/json"), Token);

        var result = await FlagServer.JsonOf(import);
        Assert.Equal(["old"], result.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["limit"], (await _server.GetJsonAsync("/api/services/shop/flags")).GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task An_invalid_flagd_file_is_rejected_whole_with_a_pointer()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Off);
        var file = "{\"flags\":{\"limit\":" + TestFlags.Limit + ",\"bad\":" + TestFlags.UnknownOperator + "}}";

        using var import = await _server.Http.PutAsync("/api/services/shop/flagd", new StringContent(file, Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Equal("/flags/bad/targeting/if/0/sounds_like", (await FlagServer.JsonOf(import)).GetProperty("pointer").GetString());
        Assert.Equal(["greeting"], (await _server.GetJsonAsync("/api/services/shop/flags")).GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Flags_and_their_audit_come_back_from_the_journal_after_a_restart()
    {
        await _server.PutFlagOkAsync("shop", "greeting", TestFlags.Split(10));
        await _server.PutFlagOkAsync("shop", "limit", TestFlags.Limit);

        await _server.RestartAsync();

        var list = await _server.GetJsonAsync("/api/services/shop/flags");
        Assert.Equal(2, list.GetProperty("version").GetInt64());
        Assert.Equal(["greeting", "limit"], list.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal(2, (await _server.GetJsonAsync("/api/services/shop/flags-audit")).GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task An_invalid_service_name_is_a_400_problem()
    {
        using var response = await _server.Http.GetAsync("/api/services/Not_A_Service/flags", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid service name", (await FlagServer.JsonOf(response)).GetProperty("title").GetString());
    }
}
