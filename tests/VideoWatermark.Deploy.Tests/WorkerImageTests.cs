using System.Runtime.Versioning;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Deploy.Tests.Docker;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// The worker image's contents, built as Dockerfile.worker builds them (its publish command, from a context filtered
/// by .dockerignore, on this machine standing for the build stage's Debian), run through its ENTRYPOINT (the native
/// executable Native AOT compiles, so no .NET runtime is used): what a Fargate task would run, without a Docker engine.
/// </summary>
public sealed partial class WorkerImageTests(WorkerImage image) : IClassFixture<WorkerImage>
{
    private static readonly Dictionary<string, string?> NoAws = new()
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
    };

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_image_holds_the_native_worker_and_no_runtime_assemblies_or_sources()
    {
        var app = image.Contents.WorkingDirectory;
        var executable = image.Contents.HostPath(image.Contents.EntryPoint[0]);

        Assert.Equal(Path.Combine(app, "VideoWatermark.Worker"), executable);
        Assert.True(ElfFile.HasMagic(executable), $"{executable} is not an ELF file");
        var elf = ElfFile.Read(executable)!;
        Assert.Equal(ElfFile.ThisMachine, elf.Machine);
        // A program the dynamic loader starts, not a library: fixed-address, or position-independent with an interpreter.
        Assert.True(elf.Type == ElfFile.Executable || (elf.Type == ElfFile.SharedObject && elf.Sections.ContainsKey(".interp")), $"ELF type {elf.Type} is not an executable");
        var everyone = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        Assert.True((File.GetUnixFileMode(executable) & everyone) == everyone, $"{executable} is not executable by every user");
        // No .NET runtime, host or JIT, and nothing for one to load.
        foreach (var file in new[] { "VideoWatermark.Worker.dll", "libcoreclr.so", "libclrjit.so", "libhostfxr.so", "libhostpolicy.so" })
        {
            Assert.False(File.Exists(Path.Combine(app, file)), $"{file} is in the app folder");
        }

        Assert.Empty(Directory.EnumerateFiles(app, "*.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(app, "*.runtimeconfig.json", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories));
        // Published without debug information (Dockerfile.worker says why).
        Assert.Empty(Directory.EnumerateFiles(app, "*.dbg", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(app, "*.pdb", SearchOption.AllDirectories));
        Assert.Equal(image.Contents.Scratch, image.Contents.Environment["TMPDIR"]);
    }

    /// <summary>
    /// The native libraries the worker loads at run time (SkiaSharp draws the watermark and text layers, HarfBuzz
    /// shapes the text) are not compiled into the executable: they must lie beside it, built for this CPU.
    /// </summary>
    [Theory]
    [InlineData("libSkiaSharp.so")]
    [InlineData("libHarfBuzzSharp.so")]
    public void The_native_libraries_it_loads_lie_beside_it(string library)
    {
        var path = Path.Combine(image.Contents.WorkingDirectory, library);

        Assert.True(File.Exists(path), $"{library} is not in the app folder");
        var elf = ElfFile.Read(path);
        Assert.NotNull(elf);
        Assert.Equal(ElfFile.SharedObject, elf.Type);
        Assert.Equal(ElfFile.ThisMachine, elf.Machine);
    }

    /// <summary>
    /// Each job is a fresh process: its code comes compiled rather than JIT-compiled before every encode. Native AOT
    /// puts the compiled managed code in a section of the executable of its own, which neither a .NET apphost nor a
    /// single-file bundle (an apphost with the assemblies and the runtime appended) has.
    /// </summary>
    [Fact]
    public void Its_code_is_compiled_ahead_of_time_into_the_executable()
    {
        var elf = ElfFile.Read(image.Contents.HostPath(image.Contents.EntryPoint[0]))!;

        Assert.True(elf.Sections.TryGetValue("__managedcode", out var size) && size > 0, $"no compiled managed code in the executable; its sections: {string.Join(' ', elf.Sections.Keys)}");
    }

    [Fact]
    public async Task Its_entry_point_watermarks_a_video()
    {
        MediaTool.RequireFfmpeg();
        var dir = TestMedia.NewTempDirectory("vw-image-apply");
        var input = TestMedia.Clip(Path.Combine(dir, "in.mp4"), new ClipOptions { Seconds = 1, Color = "0x202020", Audio = false });
        var output = Path.Combine(dir, "watermark-in.mp4");

        var result = await image.RunAsync(NoAws, "apply", "--input", input, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var before = Frames.At(input, 0.5);
        var after = Frames.At(output, 0.5);
        var placed = Placement.Compute(before.Width, before.Height, DefaultWatermark.Width, DefaultWatermark.Height, new WatermarkSpec());
        var region = new Region(placed.X, placed.Y, placed.Width, placed.Height);
        var inside = Frames.ChangedFraction(before, after, region);
        var outside = Frames.ChangedFractionOutside(before, after, region);
        Assert.True(inside > 0.01 && outside < inside / 10, $"changed pixels: {inside:P1} where the watermark goes, {outside:P1} elsewhere");
        Directory.Delete(dir, recursive: true);
    }
}
