namespace Slipway.Server.Migrations;

/// <summary>
/// A migration could not run: the database is unreachable, a statement failed (with its file and line), or the lock
/// was not granted. The message is for people and never holds the connection string.
/// </summary>
internal sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
