using VideoWatermark.Core;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Templates;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// Saved templates are immutable versions, on the disk store and on moto (which enforces If-None-Match, as S3 does).
/// Writers saving one name at the same instant each get their own version: that is checked on the disk store only,
/// because moto checks If-None-Match and stores the body in two steps without a lock, so two writes in flight at once
/// can both pass there, which S3 itself never allows. The refused write's handling on S3 is in S3ConditionalPutTests.
/// </summary>
public sealed class TemplateStoreTests : IClassFixture<MotoServer>, IDisposable
{
    private readonly TempFolder data = new("vw-templates");
    private readonly MotoServer moto;

    public TemplateStoreTests(MotoServer moto) => this.moto = moto;

    public static TheoryData<string> Stores => ["disk", "moto"];

    [Fact]
    public async Task Writers_saving_one_name_at_once_each_get_a_version_of_their_own()
    {
        var store = StoreFor("disk");
        var templates = new TemplateStore(store);
        var name = $"race-{Guid.NewGuid():N}"[..20];

        var saved = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => templates.SaveAsync(Template(name, $"writer {i}")))));

        Assert.Equal([1, 2, 3, 4, 5, 6], saved.Select(s => s.Version).Order());
        Assert.Equal([1, 2, 3, 4, 5, 6], await templates.VersionsAsync(name));
        foreach (var one in saved)
        {
            var read = await templates.GetAsync(name, one.Version);
            Assert.Equal(one.Template.Layers[0].Text, read!.Template.Layers[0].Text);
        }

        Assert.NotNull(await store.HeadAsync(ObjectKeys.TemplateKey(name, 6)));
        Assert.Equal(6, (await templates.GetAsync(name))!.Version);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Delete_removes_every_version_and_the_list_shows_the_latest_of_each_name(string kind)
    {
        var store = StoreFor(kind);
        var templates = new TemplateStore(store);
        var (a, b) = ($"a-{Guid.NewGuid():N}"[..12], $"b-{Guid.NewGuid():N}"[..12]);
        await templates.SaveAsync(Template(a, "one"));
        await templates.SaveAsync(Template(a, "two"));
        await templates.SaveAsync(Template(b, "only"));

        var listed = (await templates.ListAsync()).Where(t => t.Name == a || t.Name == b).ToList();
        Assert.Equal([(a, 2, "two"), (b, 1, "only")], listed.Select(t => (t.Name, t.Version, t.Template.Layers[0].Text!)));

        Assert.True(await templates.DeleteAsync(a));
        Assert.Null(await templates.GetAsync(a));
        Assert.Null(await templates.GetAsync(a, 1));
        Assert.False(await templates.DeleteAsync(a));
        Assert.NotNull(await templates.GetAsync(b));
    }

    private IObjectStore StoreFor(string kind) => kind == "disk"
        ? new DiskObjectStore(new DiskStoreOptions { Root = data.Path }, [])
        : S3TestStores.For(moto);

    private static WatermarkTemplate Template(string name, string text) =>
        new() { Name = name, Layers = [new TemplateLayer { Type = LayerType.Text, Text = text }] };

    public void Dispose() => data.Dispose();
}
