using Microsoft.AspNetCore.Diagnostics;
using VideoWatermark.Core.Errors;

namespace VideoWatermark.Portal.Api;

/// <summary>
/// Where the services' meaning-only refusals become HTTP: each kind gets its status and the reason goes out as
/// problem details. Anything else is left to the default handling (a 500).
/// </summary>
public sealed class RefusalHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StatusOf(exception) is not { } status)
        {
            return false;
        }

        await ApiProblem.WriteAsync(httpContext, status, exception.Message);
        return true;
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
