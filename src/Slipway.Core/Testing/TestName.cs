namespace Slipway.Core.Testing;

/// <summary>A test method identified as xUnit names it: <c>Namespace.Class.Method</c>.</summary>
internal sealed record TestName(string ClassName, string MethodName) : IComparable<TestName>
{
    public string FullName => $"{ClassName}.{MethodName}";

    public static TestName Parse(string fullName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        var dot = fullName.LastIndexOf('.');
        if (dot <= 0 || dot == fullName.Length - 1)
        {
            throw new FormatException($"'{fullName}' is not a fully-qualified test name (Namespace.Class.Method).");
        }

        return new TestName(fullName[..dot], fullName[(dot + 1)..]);
    }

    public int CompareTo(TestName? other) =>
        other is null ? 1 : string.CompareOrdinal(FullName, other.FullName);

    public override string ToString() => FullName;
}
