namespace Slipway.Server.Flags;

/// <summary>One server-sent event of the flag stream (wire contract v1), with the version it brings the client to.</summary>
internal sealed record StreamFrame(long Version, string Text);
