using System.Runtime.CompilerServices;

namespace Slipway.Flags.JsonLogic;

/// <summary>Per-evaluation state, on the stack.</summary>
internal ref struct EvalScope
{
    private readonly TimeProvider _time;
    private long _timestamp;
    private int _work;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EvalScope(EvaluationContext context, FlagDefinition flag, TimeProvider time)
    {
        Context = context;
        Flag = flag;
        _time = time;
        _timestamp = -1;
        Data = default;
        HasData = false;
        _work = 0;
    }

    public EvaluationContext Context { get; }

    /// <summary>The flag being evaluated: its key, and the hash state after the key where the default bucket key continues.</summary>
    public FlagDefinition Flag { get; }

    public readonly string FlagKey => Flag.Key;

    /// <summary>The current item inside some/all/none/map/filter/reduce, where <c>var</c> reads from it instead of the context.</summary>
    public FlagValue Data { get; set; }

    public bool HasData { get; set; }

    /// <summary>
    /// Counts work against <see cref="FlagLimits.MaxEvaluationWork"/>: loops charge their body's size per item, and
    /// <c>cat</c>/<c>merge</c> the length they build. Past the budget the evaluation stops (the evaluator reports GENERAL).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Charge(int cost)
    {
        _work += Math.Min(cost, FlagLimits.MaxEvaluationWork);
        if (_work > FlagLimits.MaxEvaluationWork)
        {
            EvaluationBudgetExceededException.Throw();
        }
    }

    /// <summary>Unix seconds, read once per evaluation and only when a rule asks for it.</summary>
    public long Timestamp
    {
        get
        {
            if (_timestamp < 0)
            {
                _timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            }

            return _timestamp;
        }
    }

    public readonly string? TargetingKey
    {
        get
        {
            if (Context.TargetingKey is { } key)
            {
                return key;
            }

            return Context.TryGetAttribute("targetingKey", out var value) ? value.StringOrNull : null;
        }
    }
}
