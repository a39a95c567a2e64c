namespace Slipway.Flags.JsonLogic;

/// <summary>A <c>fractional</c> split with literal names and weights: the bucket index maps straight to a variant index.</summary>
internal sealed class SplitVariants(FractionalNode split, int[] variantOfBucket) : VariantChoice
{
    public override int Choose(ref EvalScope scope)
    {
        var bucket = split.ChooseStaticBucket(ref scope);
        return bucket >= 0 ? variantOfBucket[bucket] : -1;
    }
}
