namespace Slipway.Core.Judge;

internal sealed record ComparisonResult(CheckStatus Status, double Lower, double Upper, double PValue, bool BeyondMargin);
