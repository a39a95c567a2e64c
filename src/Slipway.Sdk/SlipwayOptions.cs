namespace Slipway.Sdk;

/// <summary>How a service talks to Slipway. Set in <c>builder.Services.AddSlipway(o =&gt; ...)</c>.</summary>
public sealed class SlipwayOptions
{
    /// <summary>The Slipway server, e.g. <c>http://127.0.0.1:5080</c>. Null: flags come only from a file or memory.</summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>
    /// The flag SDK key this service sends as <c>Authorization: Bearer</c> on the flag stream and its events. Slipway gives
    /// each instance its service's key in <c>SLIPWAY_SDK_KEY</c>, the default; <c>slipway tokens create --scope sdk</c> makes others.
    /// </summary>
    public string? SdkKey { get; set; } = System.Environment.GetEnvironmentVariable("SLIPWAY_SDK_KEY") is { Length: > 0 } key ? key : null;

    /// <summary>This service's name, as Slipway knows it.</summary>
    public string Service { get; set; } = "unknown";

    public string Environment { get; set; } = "production";

    /// <summary>How long start-up may wait for the first flag configuration. After that the service starts with defaults.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A flagd JSON file shipped with the service: used alone, or until the server answers.</summary>
    public string? FlagsFile { get; set; }

    /// <summary>flagd JSON given inline (tests, samples): used alone, or until the server answers.</summary>
    public string? FlagsJson { get; set; }

    /// <summary>Which evaluations are reported as exposures. By default only flags whose metadata has <c>"experiment": true</c>.</summary>
    public ExposureMode Exposures { get; set; } = ExposureMode.Experiments;

    /// <summary>Exposures and tracked events held for sending; beyond this they are dropped and counted.</summary>
    public int EventBufferCapacity { get; set; } = 10_000;

    public int EventBatchSize { get; set; } = 500;

    public TimeSpan EventFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream that sends nothing (not even a keep-alive comment) for this long is treated as dead.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the self-test fails while no flag configuration has been loaded.</summary>
    public bool SelfTestRequiresFlags { get; set; } = true;
}
