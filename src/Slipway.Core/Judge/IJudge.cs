namespace Slipway.Core.Judge;

/// <summary>Decides a bake from one look at the metrics. Implementations are pure: no I/O, no clock.</summary>
public interface IJudge
{
    Verdict Evaluate(JudgeInput input);
}
