namespace VideoWatermark.Dispatcher.Tests;

/// <summary>Tests that set process environment variables (the SDK's credential chain reads them) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
