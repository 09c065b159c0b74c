using System.Text.Json.Nodes;

namespace VideoWatermark.Dispatcher.Tests.Events;

/// <summary>Events built from the documented samples, changing only what a test is about.</summary>
public static class EventSamples
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    /// <summary>One S3 notification with a record per object, each a copy of the documented PUT record.</summary>
    public static string ObjectsCreated(string bucket, params S3Object[] objects)
    {
        var template = JsonNode.Parse(Read("s3-put-documented.json"))!["Records"]![0]!;
        var records = new JsonArray();
        foreach (var o in objects)
        {
            var record = template.DeepClone();
            record["eventName"] = o.EventName;
            record["s3"]!["bucket"]!["name"] = bucket;
            record["s3"]!["bucket"]!["arn"] = $"arn:aws:s3:::{bucket}";
            var entity = record["s3"]!["object"]!.AsObject();
            entity["key"] = o.EncodedKey;
            entity["size"] = o.Size;
            entity["eTag"] = o.ETag;
            entity.Remove("versionId");
            entity["sequencer"] = o.Sequencer;
            records.Add(record);
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }
}

/// <param name="EncodedKey">The key as S3 puts it in events: form-encoded.</param>
public sealed record S3Object(string EncodedKey, long Size, string ETag, string Sequencer, string EventName = "ObjectCreated:Put");
