using Slipway.Core.Testing;
using Slipway.Server.Pipelines;

namespace Slipway.Cli.Demo;

/// <summary>
/// The tests demo's service: a small pricing API whose xUnit v3 tests hide an order dependency. One test switches the
/// static <c>PricingMode.Current</c> to legacy and never puts it back; another quotes with the default mode. Slipway.Testing's
/// source is copied in, so the repository builds on its own.
/// </summary>
internal static class PricingRepository
{
    public const string Polluter = "Pricing.Tests.LegacyPricingTests.Switches_to_legacy_pricing";

    public const string Victim = "Pricing.Tests.QuoteTests.Quotes_with_the_default_mode";

    public const string TestsFile = "tests/Pricing.Tests/PricingTests.cs";

    public const string Coupled = "public sealed class LegacyPricingTests\n{\n";

    public const string Decoupled = "public sealed class LegacyPricingTests : IDisposable\n{\n    // Put the static mode back after each test, so no other test inherits it.\n    public void Dispose() => PricingMode.Current = PriceMode.Default;\n\n";

    public const int Shards = 2;

    /// <summary>Every test of the project, as xUnit names them; the demo uses them to predict a seed's order with the pure core.</summary>
    public static readonly IReadOnlyList<TestName> Tests =
    [
        .. new[]
        {
            "Pricing.Tests.CatalogueTests.Lists_three_products",
            "Pricing.Tests.CatalogueTests.Finds_a_product_by_name",
            Polluter,
            "Pricing.Tests.LegacyPricingTests.Names_the_legacy_mode",
            Victim,
            "Pricing.Tests.QuoteTests.Adds_vat",
            "Pricing.Tests.QuoteTests.Rounds_to_cents",
            "Pricing.Tests.DiscountTests.Ten_percent_off_from_100",
            "Pricing.Tests.DiscountTests.No_discount_below_100",
        }.Select(TestName.Parse),
    ];

    /// <summary>Whether a seed's shuffle (split evenly, as on a first run with no history) runs the polluter before its victim in one shard.</summary>
    public static bool ExposesCoupling(int seed) =>
        ShardPlanner.Plan(TestOrder.Shuffle(Tests, seed), Shards, new Dictionary<string, TimeSpan>()).Any(shard =>
        {
            var names = shard.Tests.Select(t => t.FullName).ToList();
            var p = names.IndexOf(Polluter);
            var v = names.IndexOf(Victim);
            return p >= 0 && v > p;
        });

    /// <summary>Finds src/Slipway.Testing by walking up from the current directory and from the tool's own folder.</summary>
    public static string FindSlipwaySource()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "src", "Slipway.Testing", "Slipway.Testing.csproj")))
                {
                    return Path.Combine(dir.FullName, "src");
                }
            }
        }

        throw new UsageException("cannot find src/Slipway.Testing: run the demo from the Slipway repository.");
    }

    public static async Task<SampleRepository> CreateAsync(string slipwaySource, string target, CancellationToken ct)
    {
        Directory.CreateDirectory(target);
        foreach (var (path, text) in Files())
        {
            var file = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text, ct);
        }

        // Slipway.Testing, and the Slipway.Core files it compiles in, under lib/.
        SampleSource.CopyLibraries(slipwaySource, target, ["Slipway.Testing"]);

        await Git.RunAsync(target, ct, "init", "--quiet", "--initial-branch=main");
        return new SampleRepository(target);
    }

    /// <summary>
    /// Re-stamps the last commit's author date until its seed (from the sha) runs the polluter before the victim, and
    /// returns the sha and how many stamps it took. A random order exposes the coupling only on some commits; the demo
    /// picks one that does rather than waiting for it.
    /// </summary>
    public static async Task<(string Sha, int Stamps)> ExposeAsync(SampleRepository repo, string sha, CancellationToken ct)
    {
        var stamps = 0;
        while (!ExposesCoupling(TestSeed.FromCommitSha(sha)) && stamps < 200)
        {
            stamps++;
            await Git.RunAsync(
                repo.Path, ct, "-c", "user.name=Slipway Demo", "-c", "user.email=demo@slipway.invalid",
                "commit", "--amend", "--no-edit", "--quiet", "--date", $"@{1_800_000_000 + stamps} +0000");
            sha = await Git.RunAsync(repo.Path, ct, "rev-parse", "HEAD");
        }

        return (sha, stamps);
    }

    private static IEnumerable<(string Path, string Text)> Files()
    {
        yield return ("global.json", """
            { "sdk": { "version": "10.0.401", "rollForward": "latestFeature" } }
            """);
        yield return (".gitignore", "bin/\nobj/\nout/\n.slipway/\n");
        yield return ("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <LangVersion>latest</LangVersion>
                <InvariantGlobalization>true</InvariantGlobalization>
                <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
        yield return ("Directory.Packages.props", """
            <Project>
              <ItemGroup>
                <PackageVersion Include="xunit.v3" Version="4.0.2" />
                <PackageVersion Include="xunit.v3.extensibility.core" Version="4.0.2" />
              </ItemGroup>
            </Project>
            """);
        yield return ("slipway.yml", """
            # The tests demo's service. Its tests run in Slipway's test stage: a fresh seeded order on every commit, 2 shards.
            build: dotnet publish src/Pricing/Pricing.csproj -c Release -o out --nologo
            tests:
              projects: [tests/Pricing.Tests/Pricing.Tests.csproj]
              shards: 2
              seed: commit
              reruns: 2
              flaky: quarantine
              timeout: 2m
            artifact: out
            run: dotnet Pricing.dll --urls http://127.0.0.1:$PORT
            selftest:
              path: /selftest
              timeout: 20s
            instances: 1
            bake: 1s
            """);
        yield return ("src/Pricing/Pricing.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
            </Project>
            """);
        yield return ("src/Pricing/Program.cs", """
            using Pricing;

            var app = WebApplication.CreateSlimBuilder(args).Build();
            app.MapGet("/", () => $"a 10.50 item costs {Quotes.Quote(10.50m)} with VAT");
            app.MapGet("/selftest", () => Quotes.Quote(10.50m) == 12.60m ? Results.Ok("ok") : Results.StatusCode(500));
            app.Run();
            """);
        yield return ("src/Pricing/Quotes.cs", """
            namespace Pricing;

            public enum PriceMode
            {
                Default,
                Legacy,
            }

            /// <summary>Process-wide pricing mode: static state, the kind a test can leave behind.</summary>
            public static class PricingMode
            {
                public static PriceMode Current { get; set; } = PriceMode.Default;
            }

            public static class Quotes
            {
                public static decimal Quote(decimal net) =>
                    PricingMode.Current == PriceMode.Legacy ? Math.Floor(net * 1.2m) : Math.Round(net * 1.2m, 2);

                public static decimal Discount(decimal amount) => amount >= 100m ? amount * 0.9m : amount;
            }

            public static class Catalogue
            {
                public static IReadOnlyList<string> Products { get; } = ["anchor", "buoy", "cleat"];
            }
            """);
        yield return ("tests/Pricing.Tests/Pricing.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <FrameworkReference Include="Microsoft.AspNetCore.App" />
                <PackageReference Include="xunit.v3" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\..\src\Pricing\Pricing.csproj" />
                <ProjectReference Include="..\..\lib\Slipway.Testing\Slipway.Testing.csproj" />
              </ItemGroup>
              <ItemGroup>
                <Using Include="Xunit" />
              </ItemGroup>
            </Project>
            """);
        yield return (TestsFile, """
            using Pricing;

            [assembly: Slipway.Testing.SlipwayOrder]

            namespace Pricing.Tests;

            public sealed class CatalogueTests
            {
                [Fact]
                public void Lists_three_products() => Assert.Equal(3, Catalogue.Products.Count);

                [Fact]
                public void Finds_a_product_by_name() => Assert.Contains("buoy", Catalogue.Products);
            }

            public sealed class LegacyPricingTests
            {
                [Fact]
                public void Switches_to_legacy_pricing()
                {
                    PricingMode.Current = PriceMode.Legacy;
                    Assert.Equal(12m, Quotes.Quote(10.50m));
                }

                [Fact]
                public void Names_the_legacy_mode() => Assert.Equal("Legacy", PriceMode.Legacy.ToString());
            }

            public sealed class QuoteTests
            {
                [Fact]
                public void Quotes_with_the_default_mode() => Assert.Equal(12.60m, Quotes.Quote(10.50m));

                [Fact]
                public void Adds_vat() => Assert.Equal(120m, Math.Round(100m * 1.2m, 2));

                [Fact]
                public void Rounds_to_cents() => Assert.Equal(1.23m, Math.Round(1.2345m, 2));
            }

            public sealed class DiscountTests
            {
                [Fact]
                public void Ten_percent_off_from_100() => Assert.Equal(90m, Quotes.Discount(100m));

                [Fact]
                public void No_discount_below_100() => Assert.Equal(99m, Quotes.Discount(99m));
            }
            """);
    }
}
