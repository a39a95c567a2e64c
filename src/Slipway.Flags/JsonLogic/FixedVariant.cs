namespace Slipway.Flags.JsonLogic;

/// <summary>An outcome that is always the same variant (or, for <see cref="None"/>, no variant).</summary>
internal sealed class FixedVariant(int index) : VariantChoice
{
    public static readonly FixedVariant None = new(-1);

    public override int Choose(ref EvalScope scope) => index;
}
