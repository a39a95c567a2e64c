using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Slipway.Cli.Init;
using Slipway.Core.Config;

namespace Slipway.Cli.Commands;

/// <summary>
/// `slipway init [--path DIR] [--project CSPROJ] [--name NAME] [--force]`: finds the ASP.NET Core project of a service's
/// repository and its tests, and writes a commented slipway.yml for them; then says what is missing and what comes next.
/// </summary>
internal static partial class InitCommand
{
    public static Command Create()
    {
        var path = CliOptions.Text("--path", "the service's repository (default: the current folder)", "DIR");
        var project = CliOptions.Text("--project", "the ASP.NET Core project to deploy, when the repository has several", "CSPROJ");
        var name = CliOptions.Text("--name", "the service's name, for the next command it prints (default: from the project's name)", "NAME");
        var force = CliOptions.Switch("--force", "overwrite an existing slipway.yml");
        var command = new Command("init", "write a commented slipway.yml for the ASP.NET Core service in this repository") { path, project, name, force };
        command.SetAction((parse, ct) => RunAsync(
            Path.GetFullPath(parse.GetValue(path) ?? Directory.GetCurrentDirectory()),
            parse.GetValue(project),
            parse.GetValue(name),
            parse.GetValue(force),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    public static async Task<int> RunAsync(string root, string? projectOption, string? nameOption, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(root))
        {
            throw new UsageException($"--path {root} is not a folder.");
        }

        if (nameOption is not null && !ServiceName().IsMatch(nameOption))
        {
            throw new UsageException($"--name '{nameOption}' is not a service name: use 1-63 lowercase letters, digits and '-', starting with a letter or digit.");
        }

        var target = Path.Combine(root, SlipwayConfigParser.FileName);
        if (File.Exists(target) && !force)
        {
            await stderr.WriteLineAsync($"{target} exists already; slipway init leaves it as it is. Run with --force to overwrite it.");
            return 1;
        }

        var projects = RepositoryScan.Projects(root);
        var web = await ChooseAsync(root, projects, projectOption, stderr);
        if (web is null)
        {
            return 1;
        }

        var template = new SlipwayYmlTemplate
        {
            Web = web,
            Tests = RepositoryScan.TestsOf(web, projects),
            TestingPlatform = UsesTestingPlatform(root),
            Health = RepositoryScan.Health(root, web),
            ReadsDataDirectory = RepositoryScan.ReadsDataDirectory(root, web),
            RelativeSqlite = RepositoryScan.RelativeSqlite(root, web),
        };
        var service = nameOption ?? NameFrom(web.AssemblyName);
        var yml = template.Render(service);

        // What init writes must pass the pipeline's own config step; a failure here is a bug of init, said as such.
        var parsed = SlipwayConfigParser.Parse(yml, SlipwayConfigParser.FileName);
        if (!parsed.Success)
        {
            await stderr.WriteLineAsync($"slipway init produced a config that does not parse (a bug in slipway init):\n{parsed.FormatErrors()}");
            return 1;
        }

        await File.WriteAllTextAsync(target, yml);
        await stdout.WriteLineAsync($"wrote {target}");
        await stdout.WriteLineAsync($"  build:     {web.Path} (Slipway's .NET build, published into out/)");
        await stdout.WriteLineAsync(template.Tests.Count == 0
            ? "  test:      no test project found: add a test command to slipway.yml"
            : template.StagedTests
                ? $"  test:      {string.Join(", ", template.Tests.Select(t => t.Path))} (Slipway's test stage)"
                : $"  test:      {template.TestCommand}");
        await stdout.WriteLineAsync($"  run:       {template.Run}");
        await stdout.WriteLineAsync(template.RelativeSqlite.Count > 0
            ? $"  data:      {string.Join(", ", template.RelativeSqlite.Select(c => $"ConnectionStrings:{c.Name}"))} pointed into $SLIPWAY_DATA_DIR"
            : template.ReadsDataDirectory ? "  data:      the service reads $SLIPWAY_DATA_DIR" : "  data:      keep files and databases in $SLIPWAY_DATA_DIR, not next to the app");
        await WriteSelfTestAsync(template.Health, stdout);
        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync("next:");
        await stdout.WriteLineAsync("  git add slipway.yml && git commit -m \"Deploy with Slipway\"");
        await stdout.WriteLineAsync($"  slipway services add {service} {Quote(root)}");
        return 0;
    }

    private static async Task<DotnetProject?> ChooseAsync(string root, List<DotnetProject> projects, string? projectOption, TextWriter stderr)
    {
        var webs = projects.Where(p => p.IsWeb).ToList();
        if (projectOption is not null)
        {
            var wanted = Path.GetRelativePath(root, Path.GetFullPath(projectOption, root)).Replace('\\', '/');
            var chosen = projects.FirstOrDefault(p => p.Path == wanted || p.Path.EndsWith("/" + wanted, StringComparison.Ordinal));
            if (chosen is null)
            {
                throw new UsageException($"--project {projectOption} is not a project in {root}{Listing(webs.Count > 0 ? webs : projects)}");
            }

            if (!chosen.IsWeb)
            {
                await stderr.WriteLineAsync($"note: {chosen.Path} does not use Sdk=\"Microsoft.NET.Sdk.Web\"; init writes the config for it anyway.");
            }

            return chosen;
        }

        switch (webs.Count)
        {
            case 1:
                return webs[0];
            case 0:
                await stderr.WriteLineAsync(projects.Count == 0
                    ? $"no .csproj in {root}: run slipway init in the repository of an ASP.NET Core service, or pass --path."
                    : $"no ASP.NET Core project (Sdk=\"Microsoft.NET.Sdk.Web\") in {root}; name the one to deploy with --project.{Listing(projects)}");
                return null;
            default:
                await stderr.WriteLineAsync($"{webs.Count} ASP.NET Core projects in {root}; name the one to deploy with --project:{Listing(webs)}");
                return null;
        }
    }

    private static async Task WriteSelfTestAsync(HealthEndpoint? health, TextWriter stdout)
    {
        if (health is { DevelopmentOnly: false })
        {
            await stdout.WriteLineAsync($"  self-test: {health.Path} ({health.Kind} in {health.File}:{health.Line})");
            return;
        }

        await stdout.WriteLineAsync();
        if (health is not null)
        {
            await stdout.WriteLineAsync($"warning: {health.Kind} at {health.Path} ({health.File}:{health.Line}) is mapped only inside IsDevelopment(): in Production it answers 404.");
            await stdout.WriteLineAsync($"  Map it outside that block, and set selftest.path in slipway.yml to {health.Path}.");
        }
        else
        {
            await stdout.WriteLineAsync("warning: the service has no production health endpoint, so its self-test cannot pass yet.");
        }

        await stdout.WriteLineAsync($"  slipway.yml calls {SlipwayYmlTemplate.SuggestedHealthPath} on every new instance. Add an endpoint that checks what the service needs (its database, its settings), either");
        await stdout.WriteLineAsync("  with ASP.NET Core health checks (no Slipway code):");
        await stdout.WriteLineAsync("      builder.Services.AddHealthChecks().AddDbContextCheck<AppDb>();   // Microsoft.Extensions.Diagnostics.HealthChecks.EntityFrameworkCore");
        await stdout.WriteLineAsync($"      app.MapHealthChecks(\"{SlipwayYmlTemplate.SuggestedHealthPath}\");");
        await stdout.WriteLineAsync("  or with Slipway.Sdk's self-test, which reports each check by name:");
        await stdout.WriteLineAsync("      builder.Services.AddSlipway(o => { }).AddSelfTestCheck(\"database\", async ct => ...);");
        await stdout.WriteLineAsync("      app.MapSlipwaySelfTest();   // then selftest.path: /selftest");
        await stdout.WriteLineAsync("  Not a page that answers 200 whatever the state (/openapi/v1.json, /): it would pass while the service fails.");
    }

    private static bool UsesTestingPlatform(string root)
    {
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "global.json");
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                return doc.RootElement.TryGetProperty("test", out var test)
                    && test.ValueKind == JsonValueKind.Object
                    && test.TryGetProperty("runner", out var runner)
                    && runner.ValueKind == JsonValueKind.String
                    && runner.GetString() == "Microsoft.Testing.Platform";
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }

    private static string NameFrom(string assembly)
    {
        var name = NotNameChars().Replace(assembly.ToLowerInvariant(), "-").Trim('-');
        name = name.Length > 63 ? name[..63].TrimEnd('-') : name;
        return name.Length > 0 ? name : "service";
    }

    private static string Listing(IEnumerable<DotnetProject> projects) => string.Concat(projects.Select(p => $"\n  {p.Path}"));

    private static string Quote(string path) => path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? path : $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameChars();
}
