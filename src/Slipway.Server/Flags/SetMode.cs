namespace Slipway.Server.Flags;

/// <summary>What a set of one flag may do: create it, update it, or either.</summary>
internal enum SetMode
{
    Upsert,
    CreateOnly,
    UpdateOnly,
}
