using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hello;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SelfTestReport))]
internal sealed partial class HelloJsonContext : JsonSerializerContext;
