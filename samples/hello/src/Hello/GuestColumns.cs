namespace Hello;

/// <summary>
/// The columns of the guests table this version reads and writes. The demo changes them commit by commit: a rename in
/// place (blocked by the migration gate), then expand (write both, read the new one), then contract (write only the new).
/// </summary>
internal static class GuestColumns
{
    public const string Read = "name";

    public static readonly string[] Write = ["name"];
}
