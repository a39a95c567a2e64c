namespace Slipway.Cli.Commands;

/// <summary>The options of `slipway demo`.</summary>
internal sealed record DemoSettings(string? Data, string? Sample, bool Json, bool Keep, bool Verbose);
