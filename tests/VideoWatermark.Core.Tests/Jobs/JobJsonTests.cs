using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Jobs;

/// <summary>
/// Job records are read and written by code generated at build time (the worker runs as Native AOT, without
/// reflection): they must come out byte for byte as the reflection-based serializer wrote them before, so records
/// already in a bucket read the same and every process writes one shape.
/// </summary>
public sealed class JobJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 3, 30, 0, TimeSpan.Zero);

    /// <summary>The options job records were written with before the code was generated.</summary>
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void A_job_is_written_as_the_reflection_based_serializer_wrote_it_and_read_back_whole()
    {
        var job = Job.Queue(JobIds.New(), "unprocessed-videos/ana/clip.mp4", "ana/watermarked-clip.mp4",
                new WatermarkSpec { Image = "watermarks/logo.png", Position = Anchor.BottomRight, Opacity = 0.5 }, 1234, "etag-1", "ana") with
        {
            State = JobState.Succeeded,
            Template = new JobTemplate("screener", 3, new Dictionary<string, string> { ["recipient"] = "Ana Díaz" }),
            CreatedAt = Now,
            UpdatedAt = Now.AddMinutes(2),
            FinishedAt = Now.AddMinutes(2),
            Segments = 3,
            EncodedOnce = true,
            Output = new OutputFacts("h264", "aac", 1280, 720, 20.5, 2_000_000),
        };

        var written = JobJson.Serialize(job);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(job, Reflection), written);
        Assert.Contains("\"state\": \"succeeded\"", System.Text.Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        Assert.Equal(JsonSerializer.Serialize(job, Reflection), JsonSerializer.Serialize(JobJson.Deserialize(written), Reflection));
    }

    [Fact]
    public void Segments_batches_and_shared_pieces_are_written_as_before()
    {
        var segment = new JobSegment { JobId = "j1", Index = 2, Count = 4, State = JobState.Running, FirstFrame = 120, FrameCount = 60, StartSeconds = 4, EndSeconds = 6 };
        var batch = new Batch
        {
            Id = "b1",
            Owner = "ana",
            FileName = "clip.mp4",
            InputKey = "unprocessed-videos/ana/clip.mp4",
            TemplateName = "screener",
            TemplateVersion = 2,
            CreatedAt = Now,
            Recipients = [new BatchRecipient(1, new Dictionary<string, string> { ["recipient"] = "Ana" }, "j1", "ana/a.mp4")],
        };
        var piece = SharedPiece.Claim("b1", 3, "j1", 1, Now) with { DoneAt = Now, Size = 10, Sha256 = "ab" };

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(segment, Reflection), JobJson.Serialize(segment));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(batch, Reflection), JobJson.Serialize(batch));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(piece, Reflection), JobJson.Serialize(piece));
        Assert.Equal(piece, JobJson.DeserializePiece(JobJson.Serialize(piece)));
    }

    /// <summary>An enum left out of the generated context's converters would be written as a number.</summary>
    [Theory]
    [InlineData(typeof(Job))]
    [InlineData(typeof(JobSegment))]
    [InlineData(typeof(Batch))]
    [InlineData(typeof(SharedPiece))]
    public void Every_enum_in_a_record_is_written_by_its_name(Type record)
    {
        var enums = new HashSet<Type>();
        Collect(JobJson.Options.GetTypeInfo(record), enums, []);

        Assert.All(enums, e =>
        {
            var value = Enum.GetValues(e).GetValue(0);
            Assert.StartsWith("\"", JsonSerializer.Serialize(value, JobJson.Options.GetTypeInfo(e)), StringComparison.Ordinal);
        });
        if (record == typeof(Job))
        {
            Assert.Contains(typeof(JobState), enums);
            Assert.Contains(typeof(Anchor), enums);
        }
    }

    private static void Collect(JsonTypeInfo info, HashSet<Type> enums, HashSet<Type> seen)
    {
        if (!seen.Add(info.Type))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsEnum)
            {
                enums.Add(type);
            }
            else if (type != typeof(string) && !type.IsPrimitive)
            {
                var element = type.IsAssignableTo(typeof(IEnumerable)) && type.IsGenericType ? type.GetGenericArguments()[^1] : type;
                Collect(JobJson.Options.GetTypeInfo(element), enums, seen);
            }
        }
    }
}
