using Slipway.Agent.Protocol;
using Slipway.Server.Agents;
using Slipway.Server.Secrets;

namespace Slipway.Server.Rollouts;

/// <summary>
/// Self-tests a new instance: once its agent reports it listening, GET the self-test path until it answers 2xx
/// or the timeout passes. An instance that never listens fails when the timeout passes; one that keeps crashing fails
/// as soon as it has exited <see cref="CrashLimit"/> times (its restarts take seconds, not the whole timeout), with the
/// last lines of its output, masked, as evidence.
/// </summary>
internal sealed class SelfTester(AgentHub agents, HttpClient http, TimeProvider time, SecretVault? vault = null)
{
    /// <summary>Exits after which a crashing instance fails its self-test at once: the agent's backoff makes it about 3 s.</summary>
    public const int CrashLimit = 3;

    private const int MaxBody = 4096;

    public async Task<SelfTestResult> RunAsync(string instanceId, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var lastReason = "the instance never started listening";
        int? lastStatus = null;
        var lastBody = string.Empty;
        string? output = null;
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
                output = Output(status) ?? output;
                lastReason = $"the instance crashed on start ({status.Message}, {status.Restarts} restarts)";
                if (status.Restarts >= CrashLimit && status.State == InstanceStates.Backoff)
                {
                    var reason = $"the instance crashed on start {status.Restarts} times ({status.Message})" + (output is null ? string.Empty : $": {LastLine(output)}");
                    return new SelfTestResult(false, lastStatus, time.GetElapsedTime(started), reason, lastBody, output);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        return new SelfTestResult(false, lastStatus, time.GetElapsedTime(started), $"timeout after {timeout.TotalSeconds:0.#} s: {lastReason}", lastBody, output);
    }

    /// <summary>The agent's tail of the instance's output, bounded again and masked here too: a remote agent is not trusted to.</summary>
    private string? Output(InstanceStatusV1 status)
    {
        var tail = OutputTail.Bound(status.OutputTail);
        return tail is null || vault is null ? tail : vault.Masker(status.Service).Apply(tail);
    }

    /// <summary>The line that says most: the exception's own line ("System.X: message"), else the last line with "error", else the last one.</summary>
    private static string LastLine(string output)
    {
        var lines = output.Split('\n').Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && l != "…").DefaultIfEmpty(output.Split('\n')[^1]).ToList();
        var line = lines.FirstOrDefault(l => l.Contains("Exception:", StringComparison.Ordinal))
            ?? lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
            ?? lines[^1];
        line = line.Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
