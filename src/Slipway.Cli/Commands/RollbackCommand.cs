using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>`slipway rollback &lt;service&gt;`: roll back the running rollout, or redeploy the previous promoted release.</summary>
internal static class RollbackCommand
{
    public static Command Create() => ServiceAction.Create("rollback", "roll back the running rollout, or redeploy the previous promoted release");
}
