using System.Reflection;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>The dispatcher Lambda: its handler exists in the code, its logs are kept, no event is silently dropped.</summary>
public sealed class DispatcherFunctionTests
{
    private const string Handler = VideoWatermark.Dispatcher.Function.Handler;

    private static readonly ResolvedTemplate Defaults = Stack.Resolve("defaults");

    [Fact]
    public void Runs_the_class_library_handler_on_the_managed_dotnet10_runtime_from_the_uploaded_package()
    {
        var function = Defaults.Properties("DispatcherFunction");

        Assert.Equal("dotnet10", function["Runtime"]!.ToString());
        Assert.Equal(Handler, function["Handler"]!.ToString());
        Assert.Equal("VideoWatermark.Dispatcher::VideoWatermark.Dispatcher.Function::Handle", Handler);
        Assert.Equal("vw-test-artifacts", Defaults.Render(function["Code"]!["S3Bucket"]));
        Assert.Equal(Stack.Required()["DispatcherCodeKey"], Defaults.Render(function["Code"]!["S3Key"]));
        Assert.Equal("GetAtt(DispatcherRole.Arn)", Defaults.Render(function["Role"]));
    }

    [Fact]
    public void The_handler_names_a_public_method_of_the_dispatcher_assembly()
    {
        var parts = Handler.Split("::");
        var assembly = Assembly.Load(new AssemblyName(parts[0]));

        var type = assembly.GetType(parts[1]);
        Assert.True(type is { IsPublic: true }, $"{parts[0]} has no public type {parts[1]}");
        Assert.True(type!.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => m.Name == parts[2]),
            $"{parts[1]} has no public method {parts[2]}");
        Assert.True(type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is not null, $"Lambda needs a public parameterless constructor on {parts[1]}");
    }

    [Fact]
    public void Its_log_group_is_the_one_Lambda_writes_to_and_expires()
    {
        var logGroup = Defaults.Properties("DispatcherLogGroup");
        var functionName = Defaults.Render(Defaults.Properties("DispatcherFunction")["FunctionName"]);

        Assert.Equal($"/aws/lambda/{functionName}", Defaults.Render(logGroup["LogGroupName"]));
        Assert.Equal("30", Defaults.Render(logGroup["RetentionInDays"]));
        Assert.Contains("DispatcherLogGroup", DependencyGraph.Edges(Defaults.Template)["DispatcherFunction"]);
        var role = IamPolicy.OfRole(Defaults, "DispatcherRole");
        Assert.True(role.Allows("logs:PutLogEvents", "GetAtt(DispatcherLogGroup.Arn)"));
        Assert.False(role.Allows("logs:CreateLogGroup", "*"));
    }

    [Fact]
    public void Failed_events_are_retried_then_kept_in_a_queue()
    {
        var config = Assert.Single(Defaults.Template.OfType("AWS::Lambda::EventInvokeConfig")).Resource["Properties"]!;

        Assert.Equal("Ref(DispatcherFunction)", Defaults.Render(config["FunctionName"]));
        Assert.Equal("$LATEST", config["Qualifier"]!.ToString());
        Assert.InRange(int.Parse(Defaults.Render(config["MaximumRetryAttempts"]), System.Globalization.CultureInfo.InvariantCulture), 1, 2);
        Assert.InRange(int.Parse(Defaults.Render(config["MaximumEventAgeInSeconds"]), System.Globalization.CultureInfo.InvariantCulture), 60, 21600);
        var destination = Defaults.Render(config["DestinationConfig"]!["OnFailure"]!["Destination"]);
        Assert.Equal("GetAtt(DispatcherFailedEvents.Arn)", destination);
        Assert.Equal("AWS::SQS::Queue", Defaults.Template.TypeOf("DispatcherFailedEvents"));
        Assert.True(IamPolicy.OfRole(Defaults, "DispatcherRole").Allows("sqs:SendMessage", destination));
        Assert.Equal("1209600", Defaults.Render(Defaults.Properties("DispatcherFailedEvents")["MessageRetentionPeriod"]));
    }

    [Fact]
    public void A_schedule_sweeps_lost_jobs_every_five_minutes()
    {
        var (name, rule) = Assert.Single(Defaults.Template.OfType("AWS::Events::Rule"));
        var properties = rule["Properties"]!;

        Assert.Equal("rate(5 minutes)", properties["ScheduleExpression"]!.ToString());
        Assert.Equal("ENABLED", properties["State"]!.ToString());
        var target = Assert.Single(properties["Targets"]!.AsArray())!;
        Assert.Equal("GetAtt(DispatcherFunction.Arn)", Defaults.Render(target["Arn"]));
        Assert.Null(target["Input"]);

        var permission = Defaults.Template.OfType("AWS::Lambda::Permission").Select(p => p.Resource["Properties"]!)
            .Single(p => p["Principal"]!.ToString() == "events.amazonaws.com");
        Assert.Equal($"GetAtt({name}.Arn)", Defaults.Render(permission["SourceArn"]));
        Assert.Equal("GetAtt(DispatcherFunction.Arn)", Defaults.Render(permission["FunctionName"]));
    }
}
