using Slipway.Agent.Protocol;
using Slipway.Server.Agents;

namespace Slipway.Server.Rollouts;

/// <summary>
/// Self-tests a new instance: once its agent reports it listening, GET the self-test path until it answers 2xx
/// or the timeout passes. An instance that never listens, or keeps crashing, fails when the timeout passes.
/// </summary>
internal sealed class SelfTester(AgentHub agents, HttpClient http, TimeProvider time)
{
    private const int MaxBody = 4096;

    public async Task<SelfTestResult> RunAsync(string instanceId, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var lastReason = "the instance never started listening";
        int? lastStatus = null;
        var lastBody = string.Empty;
        while (time.GetElapsedTime(started) < timeout)
        {
            var status = agents.Status(instanceId);
            if (status is { State: InstanceStates.Listening, Port: { } port })
            {
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, Math.Min(5, (timeout - time.GetElapsedTime(started)).TotalSeconds))));
                    using var response = await http.GetAsync(new Uri($"http://{status.Address}:{port}{path}"), attempt.Token);
                    var body = await response.Content.ReadAsStringAsync(attempt.Token);
                    lastStatus = (int)response.StatusCode;
                    lastBody = body.Length > MaxBody ? body[..MaxBody] : body;
                    if (response.IsSuccessStatusCode)
                    {
                        return new SelfTestResult(true, lastStatus, time.GetElapsedTime(started), "pass", lastBody);
                    }

                    // A definite answer that is not 2xx: the instance is up and says it is broken.
                    if (lastStatus is >= 400 and not 404 and not 429)
                    {
                        return new SelfTestResult(false, lastStatus, time.GetElapsedTime(started), $"{path} answered {lastStatus}", lastBody);
                    }

                    lastReason = $"{path} answered {lastStatus}";
                }
                catch (HttpRequestException ex)
                {
                    lastReason = $"{path} unreachable: {ex.Message}";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    lastReason = $"{path} did not answer in time";
                }
            }
            else if (status is { State: InstanceStates.Backoff or InstanceStates.Failed })
            {
                lastReason = $"the instance crashed on start ({status.Message}, {status.Restarts} restarts)";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        return new SelfTestResult(false, lastStatus, time.GetElapsedTime(started), $"timeout after {timeout.TotalSeconds:0.#} s: {lastReason}", lastBody);
    }
}
