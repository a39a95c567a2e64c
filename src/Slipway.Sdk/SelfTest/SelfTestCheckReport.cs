namespace Slipway.Sdk.SelfTest;

/// <summary>One check in the self-test response: <c>{"name":..,"status":"pass|fail","detail":..}</c>.</summary>
public sealed record SelfTestCheckReport(string Name, string Status, string? Detail);
