using System.Text.Json.Nodes;
using VideoWatermark.Core;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>The bucket: private, encrypted, TLS only, and its trigger is exactly the code's trigger.</summary>
public sealed class BucketTests
{
    private static (string Prefix, string Suffix, JsonObject Config)[] Triggers(ResolvedTemplate stack) =>
        [.. stack.Properties("Bucket")["NotificationConfiguration"]!["LambdaConfigurations"]!.AsArray().Select(c =>
        {
            var rules = c!["Filter"]!["S3Key"]!["Rules"]!.AsArray().ToDictionary(r => r!["Name"]!.ToString(), r => r!["Value"]!.ToString());
            Assert.Equal(2, rules.Count);
            return (rules["prefix"], rules["suffix"], c.AsObject());
        })];

    [Fact]
    public void Notifications_are_the_trigger_prefix_with_one_filter_per_video_extension()
    {
        var triggers = Triggers(Stack.Resolve("defaults"));

        Assert.Equal(ObjectKeys.VideoExtensions, triggers.Select(t => t.Suffix));
        Assert.Equal(ObjectKeys.TriggerSuffix, triggers[0].Suffix);
        Assert.All(triggers, t =>
        {
            Assert.Equal(ObjectKeys.UnprocessedPrefix, t.Prefix);
            Assert.Equal("s3:ObjectCreated:*", t.Config["Event"]!.ToString());
            Assert.Equal("GetAtt(DispatcherFunction.Arn)", Stack.Resolve("defaults").Render(t.Config["Function"]));
        });
    }

    [Fact]
    public void The_filters_fire_exactly_where_the_code_sees_a_trigger()
    {
        var triggers = Triggers(Stack.Resolve("defaults"));
        var keys = ObjectKeys.VideoExtensions.SelectMany(ext => new[]
        {
            ObjectKeys.UnprocessedPrefix + "clip" + ext,
            ObjectKeys.PortalUploadKey("0123456789abcdefghjkmnpqrs", "My Clip" + ext.ToUpperInvariant()),
            ObjectKeys.UnprocessedPrefix + "CLIP" + ext.ToUpperInvariant(),
            ObjectKeys.OutputKey(ObjectKeys.UnprocessedPrefix + "clip" + ext),
            ObjectKeys.WatermarksPrefix + "clip" + ext,
            ObjectKeys.JobsPrefix + "clip" + ext,
        }).Append(ObjectKeys.UnprocessedPrefix + "notes.txt");

        foreach (var key in keys)
        {
            var firing = triggers.Count(t => key.StartsWith(t.Prefix, StringComparison.Ordinal) && key.EndsWith(t.Suffix, StringComparison.Ordinal));
            Assert.True(firing <= 1, $"{key} fires {firing} notifications");
            Assert.True(ObjectKeys.IsTrigger(key) == (firing == 1), $"{key}: the code says trigger={ObjectKeys.IsTrigger(key)}, S3 fires {firing}");
        }
    }

    [Fact]
    public void No_two_filters_overlap_which_S3_rejects()
    {
        var suffixes = Triggers(Stack.Resolve("defaults")).Select(t => t.Suffix).ToList();

        foreach (var a in suffixes)
        {
            Assert.DoesNotContain(suffixes, b => b != a && a.EndsWith(b, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_invoke_permission_names_the_bucket_without_referring_to_it()
    {
        var stack = Stack.Resolve("defaults");
        var permission = stack.Properties("BucketInvokePermission");

        Assert.Equal("s3.amazonaws.com", permission["Principal"]!.ToString());
        Assert.Equal("lambda:InvokeFunction", permission["Action"]!.ToString());
        Assert.Equal($"arn:aws:s3:::{Stack.Bucket}", stack.Render(permission["SourceArn"]));
        Assert.Equal(ResolvedTemplate.AccountId, stack.Render(permission["SourceAccount"]));
        Assert.Equal("GetAtt(DispatcherFunction.Arn)", stack.Render(permission["FunctionName"]));
        Assert.Equal(Stack.Bucket, stack.Render(stack.Properties("Bucket")["BucketName"]));
        // The bucket validates its notification targets on creation, so it must wait for the permission.
        Assert.Contains("BucketInvokePermission", DependencyGraph.Edges(stack.Template)["Bucket"]);
        Assert.DoesNotContain("Bucket", DependencyGraph.Edges(stack.Template)["BucketInvokePermission"]);
    }

    [Fact]
    public void Public_access_is_blocked_and_objects_are_encrypted()
    {
        var bucket = Stack.Resolve("defaults").Properties("Bucket");

        var block = bucket["PublicAccessBlockConfiguration"]!.AsObject();
        Assert.Equal(4, block.Count);
        Assert.All(block, setting => Assert.True(setting.Value!.GetValue<bool>(), setting.Key));
        Assert.Equal("BucketOwnerEnforced", bucket["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]!.ToString());
        var encryption = bucket["BucketEncryption"]!["ServerSideEncryptionConfiguration"]!.AsArray();
        Assert.Contains(encryption, rule => rule!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.ToString() is "AES256" or "aws:kms" or "aws:kms:dsse");
    }

    [Fact]
    public void Requests_without_TLS_are_denied()
    {
        var stack = Stack.Resolve("defaults");
        var policy = stack.Properties("BucketPolicy");
        var statements = IamPolicy.Read(stack, policy["PolicyDocument"]!);

        Assert.Equal("Ref(Bucket)", stack.Render(policy["Bucket"]));
        var tls = Assert.Single(statements, s => !s.Allow && s.Conditions.Any(c => c.Key == "aws:SecureTransport"));
        Assert.Equal(["s3:*"], tls.Actions);
        Assert.Equal(["false"], tls.Conditions.Single().Values);
        Assert.Equal("Bool", tls.Conditions.Single().Operator);
        Assert.Contains($"arn:aws:s3:::{Stack.Bucket}", tls.Resources);
        Assert.Contains($"arn:aws:s3:::{Stack.Bucket}/*", tls.Resources);
        Assert.Equal("*", policy["PolicyDocument"]!["Statement"]![0]!["Principal"]!.ToString());
        Assert.DoesNotContain(statements, s => s.Allow);
    }

    [Theory]
    [InlineData("defaults", new string[0])]
    [InlineData("portal elsewhere", new[] { "http://localhost:5000" })]
    [InlineData("portal over http", new[] { "http://*.us-east-1.elb.amazonaws.com" })]
    [InlineData("portal over https, spot, big disk, output prefix", new[] { "https://videos.example.org", "https://portal.example.org" })]
    public void Browsers_may_upload_from_the_portal_origin_only_and_read_each_part_ETag(string configuration, string[] origins)
    {
        var stack = Stack.Resolve(configuration);
        var cors = stack.Properties("Bucket")["CorsConfiguration"];

        if (origins.Length == 0)
        {
            Assert.Null(cors);
            return;
        }

        var rule = Assert.Single(cors!["CorsRules"]!.AsArray())!;
        Assert.Equal(origins, stack.RenderList(rule["AllowedOrigins"]));
        Assert.Contains("PUT", stack.RenderList(rule["AllowedMethods"]));
        Assert.DoesNotContain("DELETE", stack.RenderList(rule["AllowedMethods"]));
        Assert.Contains("ETag", stack.RenderList(rule["ExposedHeaders"]));
    }

    [Theory]
    [InlineData("portal over http", "http://GetAtt(PortalLoadBalancer.DNSName)")]
    [InlineData("portal over https, spot, big disk, output prefix", "https://portal.example.org")]
    public void The_portal_URL_is_an_origin_the_bucket_lets_upload(string configuration, string url)
    {
        var stack = Stack.Resolve(configuration);
        var origins = stack.RenderList(stack.Properties("Bucket")["CorsConfiguration"]!["CorsRules"]![0]!["AllowedOrigins"]);
        // What a browser sends as Origin: the URL's host in lower case (the load balancer's name has upper case).
        var origin = url.Replace("GetAtt(PortalLoadBalancer.DNSName)", "videowatermark-portal-1a2b3c-123456789.us-east-1.elb.amazonaws.com", StringComparison.Ordinal);

        Assert.Equal(url, stack.Render(stack.Template.Outputs["PortalUrl"]!["Value"]));
        Assert.Contains(origins, allowed => allowed == origin || (allowed.Contains('*', StringComparison.Ordinal)
            && origin.StartsWith(allowed[..allowed.IndexOf('*', StringComparison.Ordinal)], StringComparison.Ordinal)
            && origin.EndsWith(allowed[(allowed.IndexOf('*', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal)));
    }

    [Fact]
    public void The_bucket_outlives_its_stack()
    {
        var bucket = Stack.Template.Resource("Bucket");

        Assert.Equal("Retain", bucket["DeletionPolicy"]!.ToString());
        Assert.Equal("Retain", bucket["UpdateReplacePolicy"]!.ToString());
    }

    [Fact]
    public void Incomplete_multipart_uploads_are_aborted()
    {
        var rules = Stack.Resolve("defaults").Properties("Bucket")["LifecycleConfiguration"]!["Rules"]!.AsArray();

        var abort = Assert.Single(rules, r => r!["AbortIncompleteMultipartUpload"] is not null)!;
        Assert.Equal("Enabled", abort["Status"]!.ToString());
        Assert.InRange(abort["AbortIncompleteMultipartUpload"]!["DaysAfterInitiation"]!.GetValue<long>(), 1, 7);
        Assert.Null(abort["Prefix"]);
    }
}
