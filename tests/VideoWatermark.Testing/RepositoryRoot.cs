namespace VideoWatermark.Testing;

/// <summary>The checkout the tests run from, found by walking up from the test binaries to <c>VideoWatermark.sln</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VideoWatermark.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No VideoWatermark.sln above {AppContext.BaseDirectory}: the tests must run from a checkout.");
    }
}
