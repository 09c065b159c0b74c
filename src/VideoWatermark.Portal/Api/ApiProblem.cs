using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace VideoWatermark.Portal.Api;

/// <summary>
/// The API's one shape for a refusal, whoever refuses (a service, the cross-site guard, the body limit, the rate
/// limiter): RFC 9457 problem details, plus an <c>error</c> member with the same one-line reason, so scripts written
/// against the earlier <c>{"error": "…"}</c> body keep working.
/// </summary>
public static class ApiProblem
{
    /// <summary>The member the earlier bodies carried; kept beside <c>detail</c>.</summary>
    public const string ErrorMember = "error";

    /// <summary>A batch refused for one recipient names its row (1-based) here too, for a client to point at its own line.</summary>
    public const string RecipientMember = "recipient";

    public static ProblemHttpResult For(int status, string reason)
    {
        var problem = new ProblemDetails
        {
            Type = TypeOf(status),
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = reason,
        };
        problem.Extensions[ErrorMember] = reason;
        return TypedResults.Problem(problem);
    }

    public static Task WriteAsync(HttpContext http, int status, string reason) => For(status, reason).ExecuteAsync(http);

    // ASP.NET Core fills in these links itself for some statuses but not for 413 or 429; one table keeps them all alike.
    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        StatusCodes.Status409Conflict => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status415UnsupportedMediaType => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "about:blank",
    };
}
