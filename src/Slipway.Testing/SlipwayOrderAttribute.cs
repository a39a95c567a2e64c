using Xunit.v3;

namespace Slipway.Testing;

/// <summary>
/// Put <c>[assembly: Slipway.Testing.SlipwayOrder]</c> in a test project to let Slipway choose the
/// order of its test collections, classes and methods. Without <c>SLIPWAY_TEST_ORDER_FILE</c>,
/// <c>SLIPWAY_TEST_ORDER</c> or <c>SLIPWAY_TEST_SEED</c> in the environment it keeps xUnit's default order.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class SlipwayOrderAttribute : Attribute,
    ITestCollectionOrdererAttribute,
    ITestClassOrdererAttribute,
    ITestMethodOrdererAttribute,
    ITestCaseOrdererAttribute
{
    public Type OrdererType => typeof(SlipwayOrderer);
}
