namespace Slipway.Judge.Bench;

/// <summary>A judge under test. <see cref="Start"/> gives a fresh state for one run.</summary>
internal interface IStreamJudge
{
    string Name { get; }

    IJudgeRun Start(StreamSettings settings);
}
