using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace VideoWatermark.Aws.Ecs;

/// <summary>
/// Signs ECS JSON 1.1 calls with AWSSDK.Core's public SigV4 signer and credential chain; there is no AWSSDK.ECS here,
/// and the signing rules are not ours to re-implement.
/// </summary>
internal sealed class EcsRequestSigner(string region, AWSCredentials? credentials)
{
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly RegionEndpoint signingRegion = RegionEndpoint.GetBySystemName(region);

    public async Task<HttpRequestMessage> CreateAsync(Uri endpoint, string target, byte[] body, CancellationToken cancellationToken)
    {
        var identity = credentials ?? await ResolveDefaultAsync(cancellationToken);
        var request = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = endpoint, Content = body };
        request.Headers["X-Amz-Target"] = target;
        request.Headers["Content-Type"] = ContentType;

        // The signer resolves the credentials once and signs with that snapshot, session token included, so a
        // rotation in between cannot split them.
        var signed = await AWSSigV4Signer.SignAsync(
            request,
            new AWSSigV4Parameters { Credentials = identity, Region = signingRegion, Service = EcsEndpoint.SigningName },
            cancellationToken);

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var (name, value) in signed.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

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
}
