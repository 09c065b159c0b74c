using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// Least privilege, checked by evaluating each role's policies against the keys the code actually uses (taken from
/// ObjectKeys), so a role that can do less than its job, or more, fails here rather than in an AWS account.
/// </summary>
public sealed class IamTests
{
    private static readonly string JobId = JobIds.ForObject(Stack.Bucket, "unprocessed-videos/clip.mp4", "seq-1");
    private static readonly string PortalJobId = JobIds.ForObject(Stack.Bucket, "portal", "1");

    /// <summary>Actions that have no resource-level permissions, so "*" is the narrowest resource they take.</summary>
    private static readonly HashSet<string> ResourceLessActions = ["ecr:GetAuthorizationToken"];

    private static string S3Object(string key) => $"arn:aws:s3:::{Stack.Bucket}/{key}";

    private const string BucketArn = $"arn:aws:s3:::{Stack.Bucket}";

    private static Dictionary<string, string> Prefix(string prefix) => new() { ["s3:prefix"] = prefix };

    public static TheoryData<string, string> RolesInEveryConfiguration()
    {
        var data = new TheoryData<string, string>();
        foreach (var configuration in Stack.Configurations.Keys)
        {
            foreach (var (role, _) in Stack.Resolve(configuration).Template.OfType("AWS::IAM::Role"))
            {
                data.Add(configuration, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesInEveryConfiguration))]
    public void No_role_grants_a_wildcard_where_a_narrower_resource_exists(string configuration, string role)
    {
        var policy = IamPolicy.OfRole(Stack.Resolve(configuration), role);

        Assert.NotEmpty(policy.Statements);
        foreach (var (action, resource, statement) in policy.Grants())
        {
            var where = $"{role}.{statement.Sid}: {action} on {resource}";
            Assert.DoesNotContain("*", action, StringComparison.Ordinal);
            if (ResourceLessActions.Contains(action))
            {
                continue;
            }

            Assert.False(resource == "*", where);
            Assert.False(resource.StartsWith("arn:aws:s3:::*", StringComparison.Ordinal), where);
            Assert.False(resource == $"{BucketArn}/*", $"{where}: the whole bucket");
            Assert.DoesNotContain(":*:", resource, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Worker_reads_its_inputs_and_writes_its_output_log_and_job_record_only()
    {
        var worker = IamPolicy.OfRole(Stack.Resolve("defaults"), "WorkerTaskRole");
        var input = ObjectKeys.PortalUploadKey(PortalJobId, "Clip.MP4");
        var dropIn = ObjectKeys.UnprocessedPrefix + "holiday/clip.mp4";

        Assert.True(worker.Allows("s3:GetObject", S3Object(input)));
        Assert.True(worker.Allows("s3:GetObject", S3Object(dropIn)));
        Assert.True(worker.Allows("s3:GetObject", S3Object(ObjectKeys.DefaultWatermarkKey)));
        Assert.True(worker.Allows("s3:GetObject", S3Object(ObjectKeys.JobKey(JobId))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.JobKey(JobId))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.LogKey(JobId, 2))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(input))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(dropIn))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(dropIn, "", JobId[..8]))));
        Assert.True(worker.Allows("s3:AbortMultipartUpload", S3Object(ObjectKeys.OutputKey(input))));
        Assert.True(worker.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.DefaultWatermarkKey)));
        Assert.True(worker.Allows("s3:GetObject", S3Object(ObjectKeys.TemplateKey("screener", 3))));
        Assert.True(worker.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.TemplateFolder("screener"))));
        Assert.False(worker.Allows("s3:PutObject", S3Object(ObjectKeys.TemplateKey("screener", 4))));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.TemplateKey("screener", 3))));
        Assert.True(worker.Allows("s3:GetObject", S3Object(ObjectKeys.BatchKey(JobId))));
        Assert.True(worker.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.BatchKey(JobId))));
        Assert.False(worker.Allows("s3:PutObject", S3Object(ObjectKeys.BatchKey(JobId))));

        // Originals are never overwritten or deleted, even when a name looks like an output.
        Assert.False(worker.Allows("s3:PutObject", S3Object(input)));
        Assert.False(worker.Allows("s3:PutObject", S3Object(ObjectKeys.UnprocessedPrefix + "watermark-clip.mp4")));
        Assert.False(worker.Allows("s3:PutObject", S3Object(ObjectKeys.WatermarksPrefix + "watermark-logo.png")));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(input)));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.OutputKey(input))));
        Assert.False(worker.Allows("s3:GetObject", S3Object("private/notes.txt")));
        Assert.False(worker.Allows("s3:ListBucket", BucketArn, Prefix("")));
    }

    [Fact]
    public void Worker_removes_a_batchs_shared_pieces_and_nothing_else_below_jobs()
    {
        var worker = IamPolicy.OfRole(Stack.Resolve("defaults"), "WorkerTaskRole");

        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.RecipientPlanKey(JobId))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.SharedPieceKey(JobId, 3))));
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.SharedPieceFileKey(JobId, 3, JobId, 1))));
        Assert.True(worker.Allows("s3:GetObject", S3Object(ObjectKeys.SharedPieceFileKey(JobId, 3, JobId, 1))));
        Assert.True(worker.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.SharedWorkOf(JobId))));
        Assert.True(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.RecipientPlanKey(JobId))));
        Assert.True(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.SharedPieceKey(JobId, 3))));
        Assert.True(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.SharedPieceFileKey(JobId, 3, JobId, 1))));

        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.JobKey(JobId))));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.SegmentKey(JobId, 0))));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.OutboxKey(DateTimeOffset.UnixEpoch, JobId))));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.BatchKey(JobId))));
        Assert.False(worker.Allows("s3:DeleteObject", S3Object(ObjectKeys.OutputClaimKey("watermark-clip.mp4"))));
    }

    [Fact]
    public void Worker_starts_its_segments_tasks_on_its_own_task_definition_in_this_cluster_only()
    {
        var worker = IamPolicy.OfRole(Stack.Resolve("defaults"), "WorkerTaskRole");
        var cluster = new Dictionary<string, string> { ["ecs:cluster"] = "GetAtt(Cluster.Arn)" };

        Assert.True(worker.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)", cluster));
        Assert.False(worker.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)", new Dictionary<string, string> { ["ecs:cluster"] = "arn:aws:ecs:us-east-1:123456789012:cluster/other" }));
        Assert.False(worker.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)"));
        Assert.False(worker.Allows("ecs:RunTask", "Ref(PortalTaskDefinition)", cluster));
        Assert.False(worker.Allows("ecs:RunTask", "arn:aws:ecs:us-east-1:123456789012:task-definition/videowatermark-worker:1", cluster));
        Assert.False(worker.Allows("ecs:StopTask", "Ref(WorkerTaskDefinition)", cluster));
        Assert.False(worker.Allows("ecs:RegisterTaskDefinition", "Ref(WorkerTaskDefinition)", cluster));

        // Granted by a policy of its own (the task definition names the role), attached to the worker's role only.
        var stack = Stack.Resolve("portal over http");
        var attached = Assert.Single(stack.Template.OfType("AWS::IAM::Policy"));
        Assert.Equal("WorkerStartsSegments", attached.Name);
        Assert.Equal(["Ref(WorkerTaskRole)"], stack.RenderList(attached.Resource["Properties"]!["Roles"]));
        Assert.Null(attached.Resource["Properties"]!["Users"]);
        Assert.Null(attached.Resource["Properties"]!["Groups"]);
    }

    [Fact]
    public void Worker_outputs_follow_a_configured_output_prefix()
    {
        var worker = IamPolicy.OfRole(Stack.Resolve("portal over https, spot, big disk, output prefix"), "WorkerTaskRole");
        var input = ObjectKeys.PortalUploadKey(PortalJobId, "clip.mov");

        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(input, "processed/"))));
        Assert.False(worker.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(input))));
    }

    [Fact]
    public void Dispatcher_keeps_job_records_sees_outputs_and_starts_workers_only()
    {
        var dispatcher = IamPolicy.OfRole(Stack.Resolve("defaults"), "DispatcherRole");
        var dropIn = ObjectKeys.UnprocessedPrefix + "clip.mp4";
        var cluster = new Dictionary<string, string> { ["ecs:cluster"] = "GetAtt(Cluster.Arn)" };

        Assert.True(dispatcher.Allows("s3:GetObject", S3Object(ObjectKeys.JobKey(JobId))));
        Assert.True(dispatcher.Allows("s3:PutObject", S3Object(ObjectKeys.JobKey(JobId))));
        Assert.True(dispatcher.Allows("s3:PutObject", S3Object(ObjectKeys.EventsPrefix + "marker")));
        Assert.True(dispatcher.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.JobsPrefix)));
        // HeadObject of a possible output, answered 404 rather than 403 when it is not there.
        Assert.True(dispatcher.Allows("s3:GetObject", S3Object(ObjectKeys.OutputKey(dropIn))));
        Assert.True(dispatcher.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.OutputKey(dropIn))));
        Assert.True(dispatcher.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)", cluster));
        // A drop's folder may name a template: its versions are listed and the latest is read, never written.
        Assert.True(dispatcher.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.TemplateFolder("screener"))));
        Assert.True(dispatcher.Allows("s3:GetObject", S3Object(ObjectKeys.TemplateKey("screener", 1))));
        Assert.False(dispatcher.Allows("s3:PutObject", S3Object(ObjectKeys.TemplateKey("screener", 2))));
        // A batch's upload starts every job its record lists; the record is read (404 when missing), never written.
        Assert.True(dispatcher.Allows("s3:GetObject", S3Object(ObjectKeys.BatchKey(JobId))));
        Assert.True(dispatcher.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.BatchKey(JobId))));
        Assert.False(dispatcher.Allows("s3:PutObject", S3Object(ObjectKeys.BatchKey(JobId))));

        Assert.False(dispatcher.Allows("s3:GetObject", S3Object(dropIn)));
        Assert.False(dispatcher.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(dropIn))));
        Assert.False(dispatcher.Allows("s3:PutObject", S3Object(dropIn)));
        Assert.False(dispatcher.Allows("s3:DeleteObject", S3Object(ObjectKeys.JobKey(JobId))));
        // An ended batch's temporary shared pieces are removed by whoever ends it, the schedule included; nothing else.
        Assert.True(dispatcher.Allows("s3:DeleteObject", S3Object(ObjectKeys.RecipientPlanKey(JobId))));
        Assert.True(dispatcher.Allows("s3:DeleteObject", S3Object(ObjectKeys.SharedPieceFileKey(JobId, 3, JobId, 1))));
        Assert.False(dispatcher.Allows("s3:DeleteObject", S3Object(ObjectKeys.BatchKey(JobId))));
        Assert.False(dispatcher.Allows("s3:DeleteObject", S3Object(ObjectKeys.SegmentKey(JobId, 0))));
        Assert.False(dispatcher.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)", new Dictionary<string, string> { ["ecs:cluster"] = "arn:aws:ecs:us-east-1:123456789012:cluster/other" }));
        Assert.False(dispatcher.Allows("ecs:RunTask", "arn:aws:ecs:us-east-1:123456789012:task-definition/other:1", cluster));
        Assert.False(dispatcher.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)"));
    }

    [Theory]
    [InlineData("DispatcherRole")]
    [InlineData("PortalTaskRole")]
    [InlineData("WorkerTaskRole")]
    public void Only_the_worker_roles_can_be_passed_and_only_to_ecs_tasks(string role)
    {
        var policy = IamPolicy.OfRole(Stack.Resolve("portal over http"), role);
        var toEcs = new Dictionary<string, string> { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" };

        Assert.True(policy.Allows("iam:PassRole", "GetAtt(WorkerTaskRole.Arn)", toEcs));
        Assert.True(policy.Allows("iam:PassRole", "GetAtt(TaskExecutionRole.Arn)", toEcs));
        Assert.False(policy.Allows("iam:PassRole", "GetAtt(DispatcherRole.Arn)", toEcs));
        Assert.False(policy.Allows("iam:PassRole", "GetAtt(PortalTaskRole.Arn)", toEcs));
        Assert.False(policy.Allows("iam:PassRole", "GetAtt(WorkerTaskRole.Arn)", new Dictionary<string, string> { ["iam:PassedToService"] = "lambda.amazonaws.com" }));
    }

    [Fact]
    public void Portal_signs_uploads_reads_results_retries_and_deletes_watermarks_and_ended_batches_shared_pieces_only()
    {
        var portal = IamPolicy.OfRole(Stack.Resolve("portal over http"), "PortalTaskRole");
        var input = ObjectKeys.PortalUploadKey(PortalJobId, "clip.mp4");

        Assert.True(portal.Allows("s3:PutObject", S3Object(input)));
        Assert.True(portal.Allows("s3:PutObject", S3Object(ObjectKeys.WatermarkKey("logo.png"))));
        Assert.True(portal.Allows("s3:AbortMultipartUpload", S3Object(input)));
        Assert.True(portal.Allows("s3:PutObject", S3Object(ObjectKeys.JobKey(PortalJobId))));
        Assert.True(portal.Allows("s3:GetObject", S3Object(ObjectKeys.OutputKey(input))));
        Assert.True(portal.Allows("s3:GetObject", S3Object(ObjectKeys.LogKey(PortalJobId, 1))));
        Assert.True(portal.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.JobsPrefix)));
        Assert.True(portal.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.WatermarksPrefix)));
        Assert.True(portal.Allows("ecs:RunTask", "Ref(WorkerTaskDefinition)", new Dictionary<string, string> { ["ecs:cluster"] = "GetAtt(Cluster.Arn)" }));

        Assert.True(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.WatermarkKey("logo.png"))));
        Assert.True(portal.Allows("s3:PutObject", S3Object(ObjectKeys.TemplateKey("screener", 2))));
        Assert.True(portal.Allows("s3:GetObject", S3Object(ObjectKeys.TemplateKey("screener", 1))));
        Assert.True(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.TemplateKey("screener", 1))));
        Assert.True(portal.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.TemplatesPrefix)));
        Assert.True(portal.Allows("s3:PutObject", S3Object(ObjectKeys.BatchKey(PortalJobId))));
        Assert.True(portal.Allows("s3:GetObject", S3Object(ObjectKeys.BatchKey(PortalJobId))));
        Assert.True(portal.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.BatchesPrefix)));
        Assert.True(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.SharedPieceKey(PortalJobId, 1))));
        Assert.True(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.SharedPieceFileKey(PortalJobId, 1, PortalJobId, 1))));
        Assert.False(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.BatchKey(PortalJobId))));
        Assert.False(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.SegmentKey(PortalJobId, 0))));
        Assert.False(portal.Allows("s3:DeleteObject", S3Object(input)));
        Assert.False(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.JobKey(PortalJobId))));
        Assert.False(portal.Allows("s3:DeleteObject", S3Object(ObjectKeys.OutputKey(input))));
        Assert.False(portal.Allows("s3:PutObject", S3Object(ObjectKeys.OutputKey(input))));
        Assert.False(portal.Allows("s3:GetObject", S3Object("private/notes.txt")));
    }

    [Fact]
    public void Only_the_portal_reads_and_writes_its_key_ring()
    {
        var stack = Stack.Resolve("portal over http");
        var key = ObjectKeys.PortalKeysPrefix + "key-0b1c2d3e.xml";
        var portal = IamPolicy.OfRole(stack, "PortalTaskRole");

        Assert.True(portal.Allows("s3:GetObject", S3Object(key)));
        Assert.True(portal.Allows("s3:PutObject", S3Object(key)));
        Assert.True(portal.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.PortalKeysPrefix)));
        Assert.False(portal.Allows("s3:DeleteObject", S3Object(key)));
        Assert.False(portal.Allows("s3:GetObject", S3Object(ObjectKeys.PortalPrivatePrefix + "admin.json")));
        foreach (var other in new[] { "WorkerTaskRole", "DispatcherRole" })
        {
            var policy = IamPolicy.OfRole(stack, other);
            Assert.False(policy.Allows("s3:GetObject", S3Object(key)), other);
            Assert.False(policy.Allows("s3:ListBucket", BucketArn, Prefix(ObjectKeys.PortalKeysPrefix)), other);
        }
    }

    [Fact]
    public void Execution_role_pulls_the_stack_images_and_writes_the_stack_logs_only()
    {
        var stack = Stack.Resolve("portal over http");
        var execution = IamPolicy.OfRole(stack, "TaskExecutionRole");
        var repository = $"arn:aws:ecr:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:repository/";

        Assert.True(execution.Allows("ecr:GetAuthorizationToken", "*"));
        Assert.True(execution.Allows("ecr:BatchGetImage", repository + stack.Parameters["WorkerRepository"]));
        Assert.True(execution.Allows("ecr:GetDownloadUrlForLayer", repository + stack.Parameters["PortalRepository"]));
        Assert.True(execution.Allows("logs:PutLogEvents", "GetAtt(WorkerLogGroup.Arn)"));
        Assert.True(execution.Allows("logs:PutLogEvents", "GetAtt(PortalLogGroup.Arn)"));
        Assert.False(execution.Allows("ecr:BatchGetImage", repository + "someone-elses"));
        Assert.False(execution.Allows("ecr:PutImage", repository + stack.Parameters["WorkerRepository"]));
        Assert.False(execution.Allows("s3:GetObject", S3Object(ObjectKeys.DefaultWatermarkKey)));

        var parameter = $"arn:aws:ssm:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:parameter";
        Assert.True(execution.Allows("ssm:GetParameters", parameter + Stack.AdminPasswordParameter));
        Assert.False(execution.Allows("ssm:GetParameters", parameter + "/videowatermark/portal/other"));
        Assert.False(execution.Allows("ssm:GetParameter", parameter + Stack.AdminPasswordParameter));

        var withoutPortal = IamPolicy.OfRole(Stack.Resolve("defaults"), "TaskExecutionRole");
        Assert.False(withoutPortal.Allows("ecr:BatchGetImage", repository + stack.Parameters["PortalRepository"]));
        Assert.False(withoutPortal.Allows("ssm:GetParameters", parameter + Stack.AdminPasswordParameter));
    }

    [Fact]
    public void Task_roles_can_only_be_assumed_by_ecs_tasks_of_this_account()
    {
        var stack = Stack.Resolve("portal over http");
        foreach (var role in new[] { "WorkerTaskRole", "PortalTaskRole" })
        {
            var trust = IamPolicy.Read(stack, stack.Properties(role)["AssumeRolePolicyDocument"]!).Single();

            Assert.Equal(["sts:AssumeRole"], trust.Actions);
            Assert.Contains(trust.Conditions, c => c.Key == "aws:SourceAccount" && c.Values.SequenceEqual([ResolvedTemplate.AccountId]));
            Assert.Equal("ecs-tasks.amazonaws.com", stack.Properties(role)["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!.ToString());
        }
    }
}
