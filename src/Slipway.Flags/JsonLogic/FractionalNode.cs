using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Slipway.Flags.JsonLogic;

/// <summary>
/// flagd's <c>fractional</c>: [bucketKey?, [variant, weight?]...]. The key (by default flag key + targeting key)
/// is hashed with MurmurHash3 x86_32 (seed 0) and bucketed as <c>(uint64(hash) * totalWeight) &gt;&gt; 32</c> ("v2").
/// Literal weights are summed once at compile time; the key is hashed as it is read, without building it.
/// </summary>
internal sealed class FractionalNode : Node
{
    private const int MaxStackBuckets = 32;

    private readonly Node? _bucketKey;
    private readonly Node[] _names;
    private readonly Node[] _weights;
    private readonly long[]? _staticWeights;
    private readonly long _staticTotal;

    public FractionalNode(Node? bucketKey, Node[] names, Node[] weights)
    {
        _bucketKey = bucketKey;
        _names = names;
        _weights = weights;
        var staticWeights = new long[weights.Length];
        long total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] is not LiteralNode literal)
            {
                return;
            }

            staticWeights[i] = ToWeight(literal.Value);
            total += staticWeights[i];
        }

        _staticWeights = staticWeights;
        _staticTotal = total;
    }

    public Node? BucketKey => _bucketKey;

    /// <summary>The buckets when every name and weight is a literal (what exact reassignment arithmetic needs).</summary>
    public bool TryGetStaticBuckets(out FlagValue[] names, out long[] weights)
    {
        names = new FlagValue[_names.Length];
        weights = _staticWeights ?? [];
        if (_staticWeights is null)
        {
            return false;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i] is not LiteralNode literal)
            {
                return false;
            }

            names[i] = literal.Value;
        }

        return true;
    }

    public override FlagValue Evaluate(ref EvalScope scope)
    {
        if (!TryHashKey(ref scope, out var hash))
        {
            return default;
        }

        if (_staticWeights is not null)
        {
            return Pick(ref scope, Bucket(hash, _staticWeights, _staticTotal));
        }

        var count = _weights.Length;
        Span<long> weights = count <= MaxStackBuckets ? stackalloc long[count] : new long[count];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            weights[i] = ToWeight(_weights[i].Evaluate(ref scope));
            total += weights[i];
        }

        return Pick(ref scope, Bucket(hash, weights, total));
    }

    /// <summary>
    /// The bucket this evaluation falls in, for a split whose weights are all literals: -1 when there is no bucket key
    /// (or every weight is zero).
    /// </summary>
    public int ChooseStaticBucket(ref EvalScope scope)
    {
        Debug.Assert(_staticWeights is not null, "only for literal weights");
        if (!TryHashKey(ref scope, out var hash))
        {
            return -1;
        }

        return Bucket(hash, _staticWeights, _staticTotal);
    }

    private FlagValue Pick(ref EvalScope scope, int index)
    {
        return index < 0 ? default : _names[index].Evaluate(ref scope);
    }

    /// <summary>The bucket index for a hash, or -1 when every weight is zero.</summary>
    public static int Bucket(uint hash, ReadOnlySpan<long> weights, long total)
    {
        if (total <= 0)
        {
            return -1;
        }

        // Weights are capped at 2^31-1 each, but many of them can add up past 2^32, where hash * total overflows 64 bits.
        var bucket = total <= uint.MaxValue ? ((ulong)hash * (ulong)total) >> 32 : (ulong)(((UInt128)hash * (ulong)total) >> 32);
        ulong end = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            end += (ulong)weights[i];
            if (bucket < end)
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryHashKey(ref EvalScope scope, out uint hash)
    {
        // An empty targeting key counts as none, as in flagd (open-feature/flagd#1948): no bucket, the default variant.
        if (_bucketKey is null && scope.TargetingKey is { Length: > 0 } targetingKey)
        {
            // The usual key, flag key + targeting key, hashed on from the flag's precomputed state.
            hash = scope.Flag.KeyHash.FinishWith(targetingKey);
            return true;
        }

        return TryHashOtherKey(ref scope, out hash);
    }

    // A missing or empty targeting key, or a bucket key the rule computes: out of line, so the usual key inlines.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryHashOtherKey(ref EvalScope scope, out uint hash)
    {
        hash = 0;
        MurmurStream stream;
        switch (_bucketKey)
        {
            case null:
                return false;
            case CatNode cat:
                stream = default;
                foreach (var part in cat.Parts)
                {
                    var value = part.Evaluate(ref scope);
                    stream.Append(value.StringOrNull ?? JsSemantics.ToJsString(value));
                }

                break;
            default:
                if (_bucketKey.Evaluate(ref scope).StringOrNull is not { } key)
                {
                    return false;
                }

                stream = default;
                stream.Append(key);
                break;
        }

        hash = stream.Finish();
        return true;
    }

    private static long ToWeight(in FlagValue value)
    {
        var number = JsSemantics.ToNumber(value);
        if (double.IsNaN(number) || number <= 0)
        {
            return 0;
        }

        return (long)Math.Min(Math.Truncate(number), int.MaxValue);
    }
}
