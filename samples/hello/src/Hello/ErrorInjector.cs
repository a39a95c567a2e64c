namespace Hello;

/// <summary>Decides which greetings fail on purpose; see <see cref="Faults.ErrorEveryNth"/>.</summary>
public sealed class ErrorInjector(int everyNth)
{
    private long _requests;

    public bool Enabled => everyNth > 0;

    public bool ShouldFail(string? userId)
    {
        if (everyNth <= 0)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(userId))
        {
            return StableHash(userId) % (uint)everyNth == 0;
        }

        return Interlocked.Increment(ref _requests) % everyNth == 0;
    }

    /// <summary>FNV-1a over the UTF-16 code units: the same in every process, unlike string.GetHashCode.</summary>
    internal static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
