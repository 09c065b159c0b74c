using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>The template checks catch the mistakes they exist for (a checker that passes everything proves nothing).</summary>
public sealed class ValidatorSelfTests
{
    private static IReadOnlyList<string> Check(string resources, string extra = "") =>
        CfnValidator.Check(CfnTemplate.Parse($"""
            Parameters:
              Name: {"{"} Type: String {"}"}
            Conditions:
              Yes: !Equals [!Ref Name, x]
            {extra}
            Resources:
            {resources}
            """));

    [Fact]
    public void A_sound_template_passes()
    {
        var problems = Check("""
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  MessageRetentionPeriod: 60
                  Tags: [{ Key: a, Value: !Sub '${Name}-${AWS::Region}' }]
              Rule:
                Type: AWS::Events::Rule
                Condition: Yes
                Properties:
                  ScheduleExpression: rate(5 minutes)
                  Targets: [{ Id: q, Arn: !GetAtt Queue.Arn }]
                  State: !If [Yes, ENABLED, !Ref AWS::NoValue]
            """);

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("Type: AWS::SQS::Cue", "is not a resource type")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { MessageRetention: 60 }", "MessageRetention is not a property of AWS::SQS::Queue")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { MessageRetentionPeriod: soon }", "must be Integer")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { Tags: { Key: a, Value: b } }", "must be a list")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { Tags: [{ Key: a }] }", "lacks required property Value of Tag")]
    [InlineData("Type: AWS::Lambda::Function\n    Properties: { Role: r, Code: { S3Bucket: b, S3Key: k, S3Buckett: c } }", "S3Buckett is not a property of AWS::Lambda::Function.Code")]
    [InlineData("Type: AWS::Lambda::Function\n    Properties: { Code: { ZipFile: x } }", "lacks required property Role")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { QueueName: !Ref Nothing }", "refers to 'Nothing'")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { QueueName: !GetAtt Other.Arn }", "there is no resource 'Other'")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { QueueName: !GetAtt Self.Name }", "has no attribute 'Name'")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { QueueName: !Sub '${Missing}-q' }", "refers to 'Missing'")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { QueueName: !If [Maybe, a, b] }", "condition 'Maybe'")]
    [InlineData("Type: AWS::SQS::Queue\n    Condition: Perhaps", "condition 'Perhaps'")]
    [InlineData("Type: AWS::SQS::Queue\n    DependsOn: Ghost", "'Ghost', which is not a resource")]
    [InlineData("Type: AWS::SQS::Queue\n    Properties: { RedrivePolicy: !If [Yes, { maxReceiveCount: 1 }, 7] }", "must be Json")]
    public void A_mistake_is_reported(string body, string expected)
    {
        var problems = Check($"""
              Self:
                {body}
            """);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_to_a_resource_the_configuration_leaves_out_is_reported()
    {
        var template = CfnTemplate.Parse("""
            Parameters:
              On: { Type: String, Default: 'no' }
            Conditions:
              Wanted: !Equals [!Ref On, 'yes']
            Resources:
              Optional:
                Type: AWS::SQS::Queue
                Condition: Wanted
              Always:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !GetAtt Optional.QueueName
            """);

        Assert.Contains(DependencyGraph.Problems(template.Resolve()), p => p.Contains("'Optional', which this configuration does not create", StringComparison.Ordinal));
        Assert.Empty(DependencyGraph.Problems(template.Resolve(new Dictionary<string, string> { ["On"] = "yes" })));
    }

    [Fact]
    public void A_cycle_is_reported()
    {
        var template = CfnTemplate.Parse("""
            Resources:
              A:
                Type: AWS::SQS::Queue
                Properties: { QueueName: !GetAtt B.QueueName }
              B:
                Type: AWS::SQS::Queue
                DependsOn: A
            """);

        Assert.Contains(DependencyGraph.Problems(template.Resolve()), p => p.Contains("circular dependency", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_form_tags_become_their_long_form()
    {
        var template = CfnTemplate.Parse("""
            Resources:
              Q:
                Type: AWS::SQS::Queue
                Properties:
                  A: !Ref X
                  B: !GetAtt R.Attr.With.Dots
                  C: !Join ['-', [!Select [0, !GetAZs ''], !Base64 x, !Cidr [c, 2, 8], !Split [',', !ImportValue v]]]
                  D: !If [C, !FindInMap [M, k, v], !Sub ['${a}', { a: b }]]
                  E: !And [!Or [!Condition C, !Not [!Equals [a, b]]]]
            """);

        var json = template.Properties("Q").ToJsonString();

        Assert.Contains("""{"Ref":"X"}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"Fn::GetAtt":["R","Attr.With.Dots"]}""", json, StringComparison.Ordinal);
        foreach (var fn in new[] { "Join", "Select", "GetAZs", "Base64", "Cidr", "Split", "ImportValue", "If", "FindInMap", "Sub", "And", "Or", "Not", "Equals" })
        {
            Assert.Contains($"\"Fn::{fn}\"", json, StringComparison.Ordinal);
        }

        Assert.Contains("""{"Condition":"C"}""", json, StringComparison.Ordinal);
    }
}
