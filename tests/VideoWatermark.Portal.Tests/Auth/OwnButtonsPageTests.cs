using Bunit;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>A user sees retry and cancel on their own jobs only, and no delete in the watermark library.</summary>
public sealed class OwnButtonsPageTests : PortalComponentContext
{
    [Fact]
    public async Task A_user_sees_retry_and_cancel_only_on_their_own_jobs()
    {
        await StartAsync();
        Authorization.SetAuthorized("bob").SetRoles();
        var mineQueued = await AddJobAsync("mine-queued.mp4", JobState.Queued, change: j => j with { Owner = "bob" });
        var mineFailed = await AddJobAsync("mine-failed.mp4", JobState.Failed, change: j => j with { Owner = "bob" });
        var theirsQueued = await AddJobAsync("theirs-queued.mp4", JobState.Queued, change: j => j with { Owner = "alice" });
        var theirsFailed = await AddJobAsync("theirs-failed.mp4", JobState.Failed, change: j => j with { Owner = "alice" });

        var page = Render<Jobs>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll(".job-row").Count), Wait);
        Assert.Single(page.FindAll($".job-row[data-job='{mineQueued.Id}'] [data-action='cancel']"));
        Assert.Single(page.FindAll($".job-row[data-job='{mineFailed.Id}'] [data-action='retry']"));
        Assert.Empty(page.FindAll($".job-row[data-job='{theirsQueued.Id}'] [data-action='cancel']"));
        Assert.Empty(page.FindAll($".job-row[data-job='{theirsFailed.Id}'] [data-action='retry']"));

        var detail = Render<JobDetail>(p => p.Add(d => d.Id, theirsFailed.Id));
        detail.WaitForAssertion(() => Assert.Contains("theirs-failed.mp4", detail.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(detail.FindAll("[data-testid='retry']"));
    }

    [Fact]
    public async Task A_user_cannot_delete_watermarks_and_the_admin_can()
    {
        await StartAsync();
        var dir = VideoWatermark.Testing.Media.TestMedia.NewTempDirectory("vw-auth-page");
        var png = await File.ReadAllBytesAsync(VideoWatermark.Testing.Media.TestMedia.TwoToneImage(Path.Combine(dir, "extra.png"), 40, 20));
        Directory.Delete(dir, recursive: true);
        await Library.UploadAsync("extra.png", new MemoryStream(png), png.Length);
        Authorization.SetAuthorized("bob").SetRoles();
        var asUser = Render<Watermarks>();
        asUser.WaitForAssertion(() => Assert.NotNull(asUser.Find("[data-watermark='extra.png']")), Wait);
        Assert.Empty(asUser.FindAll("[data-action='delete']"));

        Authorization.SetAuthorized("root").SetRoles("admin");
        var asAdmin = Render<Watermarks>();
        asAdmin.WaitForAssertion(() => Assert.NotNull(asAdmin.Find("[data-watermark='extra.png'] [data-action='delete']")), Wait);
    }
}
