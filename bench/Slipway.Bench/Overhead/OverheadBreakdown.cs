using Slipway.Agent.Protocol;
using Slipway.Bench.Setup;
using Slipway.Core.Journal;

namespace Slipway.Bench.Overhead;

/// <summary>
/// Commit → production split into consecutive stages that add up to the wall time, so nothing is hidden:
/// from the push (t0) to the commit detected, the pipeline's steps, then per wave the agent's preparation,
/// the instance's start-up, the self-test, routing, the bake and the retirement of old instances, and the promotion.
/// </summary>
internal sealed record OverheadBreakdown(IReadOnlyList<Stage> Stages, double Wall, double ConfiguredBake)
{
    /// <summary>Wall time minus build, test, the configured bake, the instances' start-up and their self-test answers.</summary>
    public double Overhead => LiteralOverhead - Sum(StageKind.SelfTestAnswer);

    /// <summary>Wall time minus build, test, the configured bake and the instances' start-up (spawn → listening) only.</summary>
    public double LiteralOverhead => Wall
        - Sum(StageKind.BuildOrTest)
        - Sum(StageKind.StartUp)
        - (ConfiguredBake * Stages.Count(s => s.Kind == StageKind.Bake));

    public double Sum(StageKind kind) => Stages.Where(s => s.Kind == kind).Sum(s => s.Seconds);

    public static OverheadBreakdown From(BenchServer bench, DateTimeOffset t0, string commit, string rolloutId, double bakeSeconds)
    {
        var events = bench.Events;
        var stages = new List<Stage>();
        var cursor = t0;

        void Until(string name, DateTimeOffset at, StageKind kind = StageKind.Slipway)
        {
            stages.Add(new Stage(name, (at - cursor).TotalSeconds, kind));
            cursor = at;
        }

        var detected = events.First<CommitDetected>(e => e.Commit == commit);
        Until("detect (push → commit detected)", detected.At);
        var started = events.First<PipelineStarted>(e => e.Commit == commit);
        Until("queue (→ pipeline started)", started.At);
        var runId = started.Event.RunId;
        foreach (var (at, step) in events.All<PipelineStepCompleted>(e => e.RunId == runId))
        {
            var kind = step.Step.StartsWith("build", StringComparison.Ordinal) || step.Step == "test" ? StageKind.BuildOrTest : StageKind.Slipway;
            stages.Add(new Stage(step.Step, step.Seconds, kind));
            cursor += TimeSpan.FromSeconds(step.Seconds);
        }

        var succeeded = events.First<PipelineSucceeded>(e => e.RunId == runId);
        Until("pipeline bookkeeping (between steps)", succeeded.At);
        var rollout = events.First<RolloutStarted>(e => e.RolloutId == rolloutId);
        Until("hand-off (→ rollout started)", rollout.At);

        foreach (var (waveAt, wave) in events.All<WaveStarted>(e => e.RolloutId == rolloutId))
        {
            var n = wave.Wave + 1;
            Until($"wave {n}: start", waveAt);
            // The wave's critical path is the instance that passed its self-test last: follow its timeline.
            var selfTested = events.Last<SelfTestPassed>(e => e.RolloutId == rolloutId && wave.InstanceIds.Contains(e.InstanceId));
            var id = selfTested.Event.InstanceId;
            if (bench.Instances.FirstSeen(id, InstanceStates.Starting) is { } spawned && bench.Instances.FirstSeen(id, InstanceStates.Listening) is { } listening)
            {
                Until($"wave {n}: agent prepares (desired state, unpack, spawn)", spawned);
                Until($"wave {n}: instance start-up (spawn → listening)", listening, StageKind.StartUp);
                if (bench.Instances.Port(id) is { } port && bench.Requests.LastSuccess(port, selfTested.At) is { } answer)
                {
                    var sent = answer.End - TimeSpan.FromSeconds(answer.Seconds);
                    Until($"wave {n}: self-test sent (listening noticed → GET)", sent);
                    Until($"wave {n}: self-test answered by the instance", answer.End, StageKind.SelfTestAnswer);
                }
            }

            Until($"wave {n}: self-test journaled", selfTested.At);
            var routed = events.First<InstancesRouted>(e => e.InstanceIds.Count > 0 && e.InstanceIds.All(wave.InstanceIds.Contains));
            Until($"wave {n}: route", routed.At);
            var baked = events.First<WaveBaked>(e => e.RolloutId == rolloutId && e.Wave == wave.Wave);
            Until($"wave {n}: bake", baked.At, StageKind.Bake);
            var completed = events.First<WaveCompleted>(e => e.RolloutId == rolloutId && e.Wave == wave.Wave);
            Until($"wave {n}: retire old (unroute, drain, remove)", completed.At);
        }

        var promoted = events.First<RolloutPromoted>(e => e.RolloutId == rolloutId);
        Until("promote", promoted.At);
        return new OverheadBreakdown(stages, (promoted.At - t0).TotalSeconds, bakeSeconds);
    }
}
