using Amazon;
using Amazon.Runtime;
using Amazon.SQS;

namespace VideoWatermark.Pipeline.Drops;

/// <summary>The SQS client for <see cref="DropOptions.DropQueueUrl"/>, pointed where the queue's URL says.</summary>
public static class DropQueueClient
{
    /// <param name="queueUrl">On AWS <c>https://sqs.&lt;region&gt;.amazonaws.com/&lt;account&gt;/&lt;name&gt;</c>; elsewhere any server's queue URL.</param>
    /// <param name="region">The bucket's region, used when the URL names none.</param>
    /// <param name="credentials">Without them, the SDK's default chain (the task role on ECS).</param>
    public static IAmazonSQS Create(string queueUrl, string? region, AWSCredentials? credentials)
    {
        var url = new Uri(queueUrl, UriKind.Absolute);
        var config = new AmazonSQSConfig();
        var labels = url.Host.Split('.');
        if (url.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase))
        {
            // sqs.<region>.amazonaws.com: the queue's region wins over the bucket's.
            var queueRegion = labels.Length > 2 && labels[0].Equals("sqs", StringComparison.OrdinalIgnoreCase) ? labels[1] : region;
            if (!string.IsNullOrEmpty(queueRegion))
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(queueRegion);
            }
        }
        else
        {
            // An SQS look-alike (moto, ElasticMQ, LocalStack) answers at the queue URL's own host and port.
            config.ServiceURL = url.GetLeftPart(UriPartial.Authority);
            config.AuthenticationRegion = string.IsNullOrEmpty(region) ? "us-east-1" : region;
        }

        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }
}
