using System.Reflection;
using Xunit.Sdk;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Closes the pages a browser test opened once the test has run, whatever its outcome. The browser collection runs
/// one test at a time, so every page open then is that test's.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClosePagesAfterEachTestAttribute : BeforeAfterTestAttribute
{
    // xunit's After is synchronous; closing runs on the thread pool so no continuation waits on xunit's own context.
    public override void After(MethodInfo methodUnderTest) =>
        Task.Run(() => BrowserFixture.Running?.ClosePagesAsync() ?? Task.CompletedTask).GetAwaiter().GetResult();
}
