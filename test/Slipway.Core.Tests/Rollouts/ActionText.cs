using Slipway.Core.Rollouts;

namespace Slipway.Core.Tests.Rollouts;

/// <summary>One readable line per action, lists spelled out, so actions compare by value in assertions.</summary>
internal static class ActionText
{
    public static string Of(RolloutAction action) => action switch
    {
        RolloutAction.StartWave w => $"StartWave {w.Wave} x{w.Count}",
        RolloutAction.SelfTest t => $"SelfTest {Ids(t.InstanceIds)}",
        RolloutAction.Route r => $"Route {Ids(r.InstanceIds)}",
        RolloutAction.Bake { SelfTestAhead: { } ahead } b => $"Bake {b.Wave} +SelfTest {Ids(ahead)}",
        RolloutAction.Bake b => $"Bake {b.Wave}",
        RolloutAction.Retire r => $"Retire {r.Wave} {Ids(r.OldInstanceIds)}",
        RolloutAction.Promote => "Promote",
        RolloutAction.StartRollback rb => $"StartRollback {rb.Reason} x{rb.ReplacementCount}",
        RolloutAction.SelfTestReplacements t => $"SelfTestReplacements {Ids(t.InstanceIds)}",
        RolloutAction.FinishRollback f => $"FinishRollback new={Ids(f.NewInstanceIds)} replacements={Ids(f.ReplacementIds)}" + (f.BaselineIds.Count > 0 ? $" baselines={Ids(f.BaselineIds)}" : string.Empty),
        RolloutAction.WaitWhilePaused => "WaitWhilePaused",
        RolloutAction.Done d => $"Done {d.Outcome}",
        _ => action.ToString(),
    };

    public static string Kind(RolloutAction action) => action.GetType().Name;

    private static string Ids(IReadOnlyList<string> ids) => "[" + string.Join(",", ids) + "]";
}
