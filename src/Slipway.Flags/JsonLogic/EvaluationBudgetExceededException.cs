using System.Diagnostics.CodeAnalysis;

namespace Slipway.Flags.JsonLogic;

/// <summary>An evaluation did more work than <see cref="FlagLimits.MaxEvaluationWork"/> allows; the evaluator reports GENERAL.</summary>
internal sealed class EvaluationBudgetExceededException : Exception
{
    public EvaluationBudgetExceededException()
        : base($"the rule did more than {FlagLimits.MaxEvaluationWork} node visits (FlagLimits.MaxEvaluationWork) and was stopped")
    {
    }

    public EvaluationBudgetExceededException(string message)
        : base(message)
    {
    }

    public EvaluationBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [DoesNotReturn]
    public static void Throw() => throw new EvaluationBudgetExceededException();
}
