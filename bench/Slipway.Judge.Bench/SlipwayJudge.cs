using Slipway.Core.Judge;

namespace Slipway.Judge.Bench;

/// <summary>Ours: the sequential judge with the default checks, looking after every one-second scrape, through the bake gate.</summary>
internal sealed class SlipwayJudge(TimeSpan bake, JudgeOptions options) : IStreamJudge
{
    public string Name => "Slipway (sequential)";

    public IJudgeRun Start(StreamSettings settings) => new Run(new SequentialJudge(options), bake, options, settings);

    private sealed class Run(SequentialJudge judge, TimeSpan bake, JudgeOptions options, StreamSettings settings) : IJudgeRun
    {
        public Outcome? Observe(int second, GroupStream canary, GroupStream baseline)
        {
            var verdict = judge.Evaluate(new JudgeInput
            {
                Checks = Check.Defaults,
                Canary = Snapshot(canary, settings),
                Baseline = Snapshot(baseline, settings),
                Elapsed = TimeSpan.FromSeconds(second),
                Bake = bake,
            });
            var gate = BakeGate.Decide(verdict, bake, options);
            return gate.Action switch
            {
                GateAction.Rollback or GateAction.Fail => new Outcome(true, second, gate.Reason),
                GateAction.Promote => new Outcome(false, second),
                _ => null,
            };
        }
    }

    public static GroupSnapshot Snapshot(GroupStream group, StreamSettings settings)
    {
        var buckets = new List<HistogramBucket>(settings.Buckets.Count + 1);
        long cumulative = 0;
        for (var i = 0; i < settings.Buckets.Count; i++)
        {
            cumulative += group.BucketCounts[i];
            buckets.Add(new HistogramBucket(settings.Buckets[i], cumulative));
        }

        buckets.Add(new HistogramBucket(double.PositiveInfinity, group.Requests));
        return new GroupSnapshot
        {
            Instances = 1,
            // What the front door records: the default checks read these; the instance-metric ones are not comparable.
            Requests = new Dictionary<string, RequestCounts> { [Check.FrontDoorRequestsMetric] = new(group.Requests, group.Errors) },
            Histograms = new Dictionary<string, HistogramSnapshot> { [Check.FrontDoorLatencyMetric] = new(buckets, group.LatencySum, group.Requests) },
            Counters = new Dictionary<string, double> { [Check.FrontDoorRequestsMetric] = group.Requests },
        };
    }
}
