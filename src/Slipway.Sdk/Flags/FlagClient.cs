using System.Text.Json;
using Microsoft.Extensions.Logging;
using Slipway.Flags;
using Slipway.Sdk.Events;
using Slipway.Sdk.Outcomes;

namespace Slipway.Sdk.Flags;

/// <summary>
/// Evaluates flags in-process, with no network call per evaluation. Never throws into application code:
/// until a configuration arrives it returns the caller's default (reason ERROR, error PROVIDER_NOT_READY);
/// while the server is unreachable it keeps using the last configuration and marks results stale.
/// </summary>
public sealed class FlagClient
{
    private readonly FlagStore _store;
    private readonly FlagEventBuffer _events;
    private readonly SdkMetrics _metrics;
    private readonly ExposureMode _exposures;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OutcomeRecorder _outcomes;

    internal FlagClient(FlagStore store, FlagEventBuffer events, SdkMetrics metrics, ExposureMode exposures, TimeProvider time, ILogger logger, OutcomeRecorder? outcomes = null)
    {
        _outcomes = outcomes ?? new OutcomeRecorder();
        _store = store;
        _events = events;
        _metrics = metrics;
        _exposures = exposures;
        _time = time;
        _logger = logger;
    }

    public FlagClientStatus Status
    {
        get
        {
            var current = _store.Current;
            return new FlagClientStatus(
                current is not null,
                current is not null && _store.IsStale,
                current?.Version ?? -1,
                current?.Source ?? "none",
                _metrics.StaleEvaluations,
                _metrics.EventsDropped,
                _metrics.Reconnects);
        }
    }

    /// <summary>Completes when the first configuration is loaded.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken = default) => _store.Ready.WaitAsync(cancellationToken);

    public bool GetBoolean(string flagKey, bool defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue).Value;
            }

            // The common case answers from the resolution alone: a boolean variant, nothing to record, config fresh.
            var r = config.Evaluator.Resolve(flagKey, context);
            if (r.VariantIndex >= 0 && !NeedsBookkeeping(r.Flag!) && r.Flag!.VariantValueAt(r.VariantIndex).TryGetBoolean(out var value))
            {
                if (_outcomes.Enabled)
                {
                    _outcomes.Served(r.Flag, r.VariantIndex, flagKey);
                }

                return value;
            }

            return Finish(config, FlagEvaluator.BooleanDetails(flagKey, defaultValue, r), context).Value;
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex).Value;
        }
    }

    public string GetString(string flagKey, string defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue).Value;
            }

            var r = config.Evaluator.Resolve(flagKey, context);
            if (r.VariantIndex >= 0 && !NeedsBookkeeping(r.Flag!) && r.Flag!.VariantValueAt(r.VariantIndex).TryGetString(out var value))
            {
                if (_outcomes.Enabled)
                {
                    _outcomes.Served(r.Flag, r.VariantIndex, flagKey);
                }

                return value;
            }

            return Finish(config, FlagEvaluator.StringDetails(flagKey, defaultValue, r), context).Value;
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex).Value;
        }
    }

    public int GetInteger(string flagKey, int defaultValue, EvaluationContext? context = null) =>
        GetIntegerDetails(flagKey, defaultValue, context).Value;

    public double GetDouble(string flagKey, double defaultValue, EvaluationContext? context = null) =>
        GetDoubleDetails(flagKey, defaultValue, context).Value;

    public JsonElement GetJson(string flagKey, JsonElement defaultValue, EvaluationContext? context = null) =>
        GetJsonDetails(flagKey, defaultValue, context).Value;

    public EvaluationDetails<bool> GetBooleanDetails(string flagKey, bool defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue);
            }

            return Finish(config, config.Evaluator.EvaluateBoolean(flagKey, defaultValue, context), context);
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex);
        }
    }

    public EvaluationDetails<string> GetStringDetails(string flagKey, string defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue);
            }

            return Finish(config, config.Evaluator.EvaluateString(flagKey, defaultValue, context), context);
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex);
        }
    }

    public EvaluationDetails<int> GetIntegerDetails(string flagKey, int defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue);
            }

            var details = config.Evaluator.EvaluateInteger(flagKey, defaultValue, context);
            if (details.Value is < int.MinValue or > int.MaxValue)
            {
                return Finish(config, new EvaluationDetails<int>(flagKey, defaultValue, null, EvaluationReason.Error, FlagErrorCode.TypeMismatch, $"flag '{flagKey}' is outside the range of int", details.Metadata), context);
            }

            return Finish(config, new EvaluationDetails<int>(flagKey, (int)details.Value, details.Variant, details.Reason, details.ErrorCode, details.ErrorMessage, details.Metadata), context);
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex);
        }
    }

    public EvaluationDetails<double> GetDoubleDetails(string flagKey, double defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue);
            }

            return Finish(config, config.Evaluator.EvaluateDouble(flagKey, defaultValue, context), context);
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex);
        }
    }

    public EvaluationDetails<JsonElement> GetJsonDetails(string flagKey, JsonElement defaultValue, EvaluationContext? context = null)
    {
        try
        {
            if (_store.Current is not { } config)
            {
                return NotReady(flagKey, defaultValue);
            }

            var details = config.Evaluator.EvaluateObject(flagKey, FlagValue.Null, context);
            var value = details.Variant is null ? defaultValue : details.Value.ToJsonElement();
            return Finish(config, new EvaluationDetails<JsonElement>(flagKey, value, details.Variant, details.Reason, details.ErrorCode, details.ErrorMessage, details.Metadata), context);
        }
        catch (Exception ex)
        {
            return Failed(flagKey, defaultValue, ex);
        }
    }

    /// <summary>Records that something happened (an experiment's goal), for the user in <paramref name="context"/>. Never blocks.</summary>
    public void Track(string eventName, EvaluationContext? context = null, double? value = null)
    {
        try
        {
            if (string.IsNullOrEmpty(eventName))
            {
                return;
            }

            _events.Add(new BufferedEvent(false, eventName, null, null, context?.TargetingKey, value, _time.GetUtcNow(), _store.Current?.Version ?? -1));
            if (_outcomes.Enabled)
            {
                _outcomes.Goal(eventName);
            }
        }
        catch (Exception ex)
        {
            SdkLog.EvaluationFailed(_logger, ex, eventName);
        }
    }

    private EvaluationDetails<T> Finish<T>(FlagConfig config, EvaluationDetails<T> details, EvaluationContext? context)
    {
        if (details.Variant is not null && _outcomes.Enabled)
        {
            _outcomes.Served(details.FlagKey, details.Variant);
        }

        if (details.Variant is not null && ShouldRecordExposure(details.Metadata))
        {
            _events.Add(new BufferedEvent(true, details.FlagKey, details.Variant, details.Reason.ToWireName(), context?.TargetingKey, null, _time.GetUtcNow(), config.Version));
        }

        if (_store.IsStale)
        {
            _metrics.StaleEvaluation();
            return details with { IsStale = true };
        }

        return details;
    }

    // Whether a resolved variant of this flag must go through Finish: an exposure to record, or staleness to report.
    private bool NeedsBookkeeping(FlagDefinition flag) => ShouldRecordExposure(flag.Metadata) || _store.IsStale;

    private bool ShouldRecordExposure(FlagMetadata metadata) => _exposures switch
    {
        ExposureMode.All => true,
        ExposureMode.Experiments => metadata.IsExperiment,
        _ => false,
    };

    private EvaluationDetails<T> NotReady<T>(string flagKey, T defaultValue)
    {
        _metrics.NotReadyEvaluation();
        return new(flagKey, defaultValue, null, EvaluationReason.Error, FlagErrorCode.ProviderNotReady, "no flag configuration loaded yet; serving the default", FlagMetadata.Empty);
    }

    private EvaluationDetails<T> Failed<T>(string flagKey, T defaultValue, Exception ex)
    {
        try
        {
            SdkLog.EvaluationFailed(_logger, ex, flagKey);
        }
        catch (Exception)
        {
            // A broken logger must not reach the application either.
        }

        return new(flagKey, defaultValue, null, EvaluationReason.Error, FlagErrorCode.General, ex.Message, FlagMetadata.Empty);
    }
}
