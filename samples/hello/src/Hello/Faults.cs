namespace Hello;

/// <summary>A deliberate bug, off by default, for demonstrating the automatic rollback on errors.</summary>
public static class Faults
{
    /// <summary>
    /// When above zero, one in this many greetings fails with HTTP 500: for a request with ?user=ID, users whose
    /// id hashes to a multiple of it; for requests without a user, every Nth request. 20 means about 5%.
    /// </summary>
    public const int ErrorEveryNth = 0;
}
