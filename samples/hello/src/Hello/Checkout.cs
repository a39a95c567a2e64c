namespace Hello;

/// <summary>
/// The checkout behind <see cref="FlagKeys.NewCheckout"/>. The old path always completes; the new one has a bug that
/// fails one request in <see cref="NewPathFailsEveryNth"/> (counted per instance), which only the users the flag gives
/// it to see: a guarded rollout of the flag finds it on the flag-on cohort and turns the flag off.
/// </summary>
public sealed class Checkout
{
    public const int NewPathFailsEveryNth = 20;

    /// <summary>The goal a completed checkout reaches (<c>FlagClient.Track</c>).</summary>
    public const string CompletedGoal = "checkout-completed";

    private long _newPath;

    /// <summary>True when this checkout completes; false when the new path's bug fails it.</summary>
    public bool Complete(bool newPath) => !newPath || Interlocked.Increment(ref _newPath) % NewPathFailsEveryNth != 0;
}
