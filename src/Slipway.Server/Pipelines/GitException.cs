namespace Slipway.Server.Pipelines;

public sealed class GitException(string message) : Exception(message);
