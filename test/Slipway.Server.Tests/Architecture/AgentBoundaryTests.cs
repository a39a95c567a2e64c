using System.Reflection;
using System.Xml.Linq;
using Slipway.Agent;
using Slipway.Agent.Protocol;
using Slipway.Server.Hosting;
using Slipway.TestKit;

namespace Slipway.Server.Tests.Architecture;

/// <summary>
/// The server and the agent meet only over agent protocol v1 (<c>Slipway.Agent.Protocol</c>): the server never
/// references the agent, the agent never references the server, and the protocol depends on nothing but the BCL and Core.
/// </summary>
public sealed class AgentBoundaryTests
{
    [Fact]
    public void The_server_assembly_does_not_reference_the_agent_assembly()
    {
        var references = Names(typeof(SlipwayServer).Assembly);

        Assert.DoesNotContain("Slipway.Agent", references);
        Assert.Contains("Slipway.Agent.Protocol", references);
    }

    [Fact]
    public void The_server_project_has_no_project_reference_to_the_agent()
    {
        Assert.DoesNotContain("Slipway.Agent", ProjectReferences("src/Slipway.Server/Slipway.Server.csproj"));
    }

    [Fact]
    public void The_agent_assembly_does_not_reference_the_server_assembly()
    {
        var references = Names(typeof(HostAgent).Assembly);

        Assert.DoesNotContain("Slipway.Server", references);
        Assert.Contains("Slipway.Agent.Protocol", references);
    }

    [Fact]
    public void The_protocol_assembly_depends_on_nothing_but_the_BCL_and_Core()
    {
        var references = Names(typeof(IAgentServerLink).Assembly);

        Assert.All(references, name => Assert.True(
            name == "Slipway.Core" || name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard",
            $"Slipway.Agent.Protocol references {name}"));
        Assert.Equal(["Slipway.Core"], ProjectReferences("src/Slipway.Agent.Protocol/Slipway.Agent.Protocol.csproj"));
    }

    private static List<string> Names(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name ?? "")];

    private static List<string> ProjectReferences(string project) =>
        [.. XDocument.Load(Path.Combine(HelloSample.RepositoryRoot(), project))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(((string?)r.Attribute("Include") ?? "").Replace('\\', '/')))];
}
