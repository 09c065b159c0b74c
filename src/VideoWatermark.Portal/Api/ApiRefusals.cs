using VideoWatermark.Core.Errors;

namespace VideoWatermark.Portal.Api;

/// <summary>
/// Where the services' meaning-only refusals become HTTP, for every <c>/api</c> endpoint: each kind gets its status
/// and the reason goes out as problem details. Anything else is left to the default handling (a 500).
/// </summary>
public sealed class ApiRefusals : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (StatusOf(ex) is { } status)
        {
            var problem = ApiProblem.For(status, ex.Message);
            if (ex is InvalidRecipientException recipient)
            {
                problem.ProblemDetails.Extensions[ApiProblem.RecipientMember] = recipient.Row;
            }

            return problem;
        }
    }

    public static int? StatusOf(Exception exception) => exception switch
    {
        InvalidInputException => StatusCodes.Status400BadRequest,
        NotAllowedException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        ConflictException => StatusCodes.Status409Conflict,
        TooLargeException => StatusCodes.Status413PayloadTooLarge,
        UnsupportedTypeException => StatusCodes.Status415UnsupportedMediaType,

        // Kestrel's own refusals while a body is read (over the server's size limit, a malformed form).
        BadHttpRequestException bad => bad.StatusCode,
        _ => null,
    };
}
