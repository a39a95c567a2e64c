using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Slipway.Flags.JsonLogic;

namespace Slipway.Flags;

/// <summary>
/// Evaluates flags of one <see cref="FlagDocument"/>. Thread-safe, no reflection, and no allocation for boolean,
/// string and number flags whose rules read string and number attributes or split with <c>fractional</c>.
/// Never throws for a bad flag or context: problems come back as a reason and an error code.
/// </summary>
public sealed class FlagEvaluator(FlagDocument document, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public FlagDocument Document { get; } = document ?? throw new ArgumentNullException(nameof(document));

    public EvaluationDetails<bool> EvaluateBoolean(string flagKey, bool defaultValue, EvaluationContext? context = null) =>
        BooleanDetails(flagKey, defaultValue, Resolve(flagKey, context));

    public EvaluationDetails<string> EvaluateString(string flagKey, string defaultValue, EvaluationContext? context = null) =>
        StringDetails(flagKey, defaultValue, Resolve(flagKey, context));

    internal static EvaluationDetails<bool> BooleanDetails(string flagKey, bool defaultValue, Resolution r)
    {
        if (r.VariantIndex >= 0)
        {
            var value = r.Flag!.VariantValueAt(r.VariantIndex);
            if (value.Kind == FlagValueKind.Boolean)
            {
                return Found(flagKey, value.RawNumber != 0, r);
            }

            return Mismatch(flagKey, defaultValue, r, "boolean", value);
        }

        return NotFound(flagKey, defaultValue, r);
    }

    internal static EvaluationDetails<string> StringDetails(string flagKey, string defaultValue, Resolution r)
    {
        if (r.VariantIndex >= 0)
        {
            var value = r.Flag!.VariantValueAt(r.VariantIndex);
            if (value.StringOrNull is { } text)
            {
                return Found(flagKey, text, r);
            }

            return Mismatch(flagKey, defaultValue, r, "string", value);
        }

        return NotFound(flagKey, defaultValue, r);
    }

    public EvaluationDetails<long> EvaluateInteger(string flagKey, long defaultValue, EvaluationContext? context = null)
    {
        var r = Resolve(flagKey, context);
        if (r.VariantIndex >= 0)
        {
            var value = r.Flag!.VariantValueAt(r.VariantIndex);
            if (value.Kind == FlagValueKind.Number && value.RawNumber == Math.Floor(value.RawNumber)
                && value.RawNumber >= long.MinValue && value.RawNumber <= long.MaxValue)
            {
                return Found(flagKey, (long)value.RawNumber, r);
            }

            return Mismatch(flagKey, defaultValue, r, "integer", value);
        }

        return NotFound(flagKey, defaultValue, r);
    }

    public EvaluationDetails<double> EvaluateDouble(string flagKey, double defaultValue, EvaluationContext? context = null)
    {
        var r = Resolve(flagKey, context);
        if (r.VariantIndex >= 0)
        {
            var value = r.Flag!.VariantValueAt(r.VariantIndex);
            if (value.Kind == FlagValueKind.Number)
            {
                return Found(flagKey, value.RawNumber, r);
            }

            return Mismatch(flagKey, defaultValue, r, "number", value);
        }

        return NotFound(flagKey, defaultValue, r);
    }

    /// <summary>Evaluates a flag whose variants are JSON objects (or arrays).</summary>
    public EvaluationDetails<FlagValue> EvaluateObject(string flagKey, FlagValue defaultValue, EvaluationContext? context = null)
    {
        var r = Resolve(flagKey, context);
        if (r.VariantIndex >= 0)
        {
            var value = r.Flag!.VariantValueAt(r.VariantIndex);
            if (value.Kind is FlagValueKind.Object or FlagValueKind.Array)
            {
                return Found(flagKey, value, r);
            }

            return Mismatch(flagKey, defaultValue, r, "object", value);
        }

        return NotFound(flagKey, defaultValue, r);
    }

    /// <summary>
    /// Evaluates a flag of any type, without a caller default (what remote evaluation needs). When no variant applies
    /// the value is <see cref="FlagValue.Null"/> and the variant is null.
    /// </summary>
    public EvaluationDetails<FlagValue> Evaluate(string flagKey, EvaluationContext? context = null)
    {
        var r = Resolve(flagKey, context);
        return r.VariantIndex >= 0 ? Found(flagKey, r.Flag!.VariantValueAt(r.VariantIndex), r) : NotFound(flagKey, FlagValue.Null, r);
    }

    /// <summary>Evaluates every flag of the document for one context (bulk remote evaluation).</summary>
    public IReadOnlyList<EvaluationDetails<FlagValue>> EvaluateAll(EvaluationContext? context = null) => EvaluateAll(context, CancellationToken.None);

    /// <summary>
    /// Evaluates every flag of the document for one context, checking <paramref name="cancellationToken"/> between
    /// flags: each flag's work is bounded (<see cref="FlagLimits.MaxEvaluationWork"/>), but a document may hold
    /// <see cref="FlagLimits.MaxFlags"/> of them, so a caller that gives up (a closed request) stops the rest.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<EvaluationDetails<FlagValue>> EvaluateAll(EvaluationContext? context, CancellationToken cancellationToken)
    {
        var results = new List<EvaluationDetails<FlagValue>>(Document.Flags.Count);
        foreach (var key in Document.Flags.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(Evaluate(key, context));
        }

        return results;
    }

    /// <param name="flagKey">The flag.</param>
    /// <param name="context">Who asks.</param>
    /// <param name="compiled">False runs the targeting as the general expression even when a compiled form exists (tests compare the two).</param>
    internal Resolution Resolve(string flagKey, EvaluationContext? context, bool compiled = true)
    {
        if (flagKey is null || !Document.TryGetFlag(flagKey, out var flag))
        {
            return FlagNotFound(flagKey);
        }

        if (flag.Error is not null)
        {
            return Unparsable(flag);
        }

        if (flag.State == FlagState.Disabled)
        {
            return Resolution.Of(flag, -1, EvaluationReason.Disabled);
        }

        var targeting = flag.TargetingNode;
        if (targeting is null)
        {
            return Resolution.Of(flag, flag.DefaultIndex, flag.DefaultIndex >= 0 ? EvaluationReason.Static : EvaluationReason.Default);
        }

        var scope = new EvalScope(context ?? EvaluationContext.Empty, flag, _time);
        return compiled && flag.Choice is { } choice ? Choose(flag, choice, ref scope) : ResolveTargeting(flag, targeting, ref scope);
    }

    // The fast form: the targeting was compiled to variant indices when the flag was parsed. Not inlined: the rules
    // inline into it, and inlined further up they would use up the caller's inlining budget and widen its frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resolution Choose(FlagDefinition flag, VariantChoice choice, ref EvalScope scope)
    {
        int index;
        try
        {
            index = choice.Choose(ref scope);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return TargetingFailed(flag, ex);
        }

        if (index < 0)
        {
            return NoVariant(flag);
        }

        return Resolution.Of(flag, index, EvaluationReason.TargetingMatch);
    }

    // Not inlined: its frame (values, names, messages) would otherwise be set up on every evaluation.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resolution ResolveTargeting(FlagDefinition flag, Node targeting, ref EvalScope scope)
    {
        FlagValue result;
        try
        {
            result = targeting.Evaluate(ref scope);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return TargetingFailed(flag, ex);
        }

        string? variant;
        switch (result.Kind)
        {
            case FlagValueKind.Null:
                return NoVariant(flag);
            case FlagValueKind.String:
                variant = result.StringOrNull;
                break;
            case FlagValueKind.Boolean:
                variant = result.RawNumber != 0 ? "true" : "false";
                break;
            case FlagValueKind.Number:
                variant = JsSemantics.NumberToString(result.RawNumber);
                break;
            default:
                return Resolution.Error(flag, FlagErrorCode.General, "targeting returned a value that is not a variant name");
        }

        var index = flag.IndexOfVariant(variant!);
        if (index < 0)
        {
            return UnknownVariant(flag, variant!);
        }

        return Resolution.Of(flag, index, EvaluationReason.TargetingMatch);
    }

    // The rule gave no variant (also a split without a targeting key, as in flagd): the flag's default.
    private static Resolution NoVariant(FlagDefinition flag) => Resolution.Of(flag, flag.DefaultIndex, EvaluationReason.Default);

    // Error paths build their messages out of line, so the hot path's frame stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resolution FlagNotFound(string? flagKey) =>
        Resolution.Error(null, FlagErrorCode.FlagNotFound, $"flag '{flagKey}' not found");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resolution Unparsable(FlagDefinition flag) =>
        Resolution.Error(flag, FlagErrorCode.ParseError, flag.Error!.ToString());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resolution TargetingFailed(FlagDefinition flag, Exception ex) =>
        Resolution.Error(flag, FlagErrorCode.General, $"targeting failed: {ex.Message}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Resolution UnknownVariant(FlagDefinition flag, string variant) =>
        Resolution.Error(flag, FlagErrorCode.General, $"targeting chose variant '{variant}', which the flag does not define");

    private static EvaluationDetails<T> Found<T>(string flagKey, T value, Resolution r) =>
        new(flagKey, value, r.Flag!.VariantNameAt(r.VariantIndex), r.Reason, FlagErrorCode.None, null, r.Metadata);

    private static EvaluationDetails<T> NotFound<T>(string flagKey, T defaultValue, Resolution r) =>
        new(flagKey, defaultValue, null, r.Reason, r.ErrorCode, r.ErrorMessage, r.Metadata);

    [SuppressMessage("Performance", "CA1859", Justification = "Generic helper")]
    private static EvaluationDetails<T> Mismatch<T>(string flagKey, T defaultValue, Resolution r, string expected, in FlagValue actual) =>
        new(flagKey, defaultValue, null, EvaluationReason.Error, FlagErrorCode.TypeMismatch, $"flag '{flagKey}' is {actual.Kind}, not {expected}", r.Metadata);
}
