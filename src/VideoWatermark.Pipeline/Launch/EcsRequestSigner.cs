using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace VideoWatermark.Pipeline.Launch;

/// <summary>
/// Signs ECS JSON 1.1 calls with AWSSDK.Core's own SigV4 signer and credential chain; there is no AWSSDK.ECS here, and
/// the signing rules are not ours to re-implement.
/// </summary>
internal sealed class EcsRequestSigner(string region, AWSCredentials? credentials)
{
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly SigningConfig config = new(region);

    public async Task<HttpRequestMessage> CreateAsync(Uri endpoint, string target, byte[] body, CancellationToken cancellationToken)
    {
        var identity = credentials ?? await ResolveDefaultAsync(cancellationToken);
        // One snapshot signs and carries the session token, so a rotation in between cannot split them.
        var snapshot = await identity.GetCredentialsAsync();

        var request = new DefaultRequest(new UnmarshalledRequest(), "ECS")
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            Content = body,
        };
        request.Headers["X-Amz-Target"] = target;
        request.Headers["Content-Type"] = ContentType;
        if (snapshot.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = snapshot.Token;
        }

        var signed = new AWS4Signer().SignRequest(request, config, null, snapshot.AccessKey, snapshot.SecretKey);

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        foreach (var (name, value) in request.Headers)
        {
            // HttpClient writes Host and Content-Type itself, from the same URI and value the signer saw.
            if (!name.Equals("host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.TryAddWithoutValidation("Authorization", signed.ForAuthorizationHeader);
        return message;
    }

    private static async Task<AWSCredentials> ResolveDefaultAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null, cancellationToken);
        }
        catch (AmazonClientException ex)
        {
            throw new InvalidOperationException($"No AWS credentials to call ECS with: {ex.Message}", ex);
        }
    }

    /// <summary>The request object the SDK's signer needs; ECS calls here are marshalled by hand.</summary>
    private sealed class UnmarshalledRequest : AmazonWebServiceRequest;

    /// <summary>Just enough client configuration for the signer: the region and the signing name.</summary>
    private sealed class SigningConfig : ClientConfig
    {
        public SigningConfig(string region)
            : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
        {
            AuthenticationRegion = region;
            AuthenticationServiceName = EcsEndpoint.SigningName;
        }

        public override string ServiceVersion => "2014-11-13";

        public override string UserAgent => "videowatermark-ecs-launcher";

        public override string RegionEndpointServiceName => EcsEndpoint.SigningName;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
            throw new NotSupportedException("The endpoint is resolved by EcsEndpoint.");
    }
}
