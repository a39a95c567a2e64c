namespace Slipway.Cli.Init;

/// <summary>A connection string in appsettings.json whose SQLite file is a relative path: inside the artifact, so gone on the next release.</summary>
internal sealed record SqliteConnection(string Name, string File);
