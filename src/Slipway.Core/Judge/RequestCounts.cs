namespace Slipway.Core.Judge;

/// <summary>
/// Requests and the errors among them, counted since the bake started (not since the process started).
/// Zero requests is valid but says nothing; NaN, infinite or negative values, or more errors than
/// requests, make the series invalid, which the judge treats as no data.
/// </summary>
public sealed record RequestCounts(double Requests, double Errors);
