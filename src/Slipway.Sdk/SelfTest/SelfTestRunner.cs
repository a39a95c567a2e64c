using Microsoft.Extensions.Logging;

namespace Slipway.Sdk.SelfTest;

/// <summary>Runs every registered check, in parallel, each bounded by a timeout. A throwing check fails; it never breaks the endpoint.</summary>
internal sealed class SelfTestRunner(IEnumerable<SelfTestCheck> checks, IServiceProvider services, ILogger<SelfTestRunner> logger)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    public async Task<SelfTestReport> RunAsync(CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(checks.Select(check => RunOneAsync(check, cancellationToken))).ConfigureAwait(false);
        return new SelfTestReport(reports.All(r => r.Status == SelfTestReport.Pass) ? SelfTestReport.Pass : SelfTestReport.Fail, reports);
    }

    private async Task<SelfTestCheckReport> RunOneAsync(SelfTestCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        SelfTestCheckResult result;
        try
        {
            result = await check.RunAsync(services, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = SelfTestCheckResult.Fail($"did not finish within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = SelfTestCheckResult.Fail($"{ex.GetType().Name}: {ex.Message}");
        }

        if (!result.Passed)
        {
            SdkLog.CheckFailed(logger, check.Name, result.Detail);
        }

        return new SelfTestCheckReport(check.Name, result.Passed ? SelfTestReport.Pass : SelfTestReport.Fail, result.Detail);
    }
}
