using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

/// <summary>Turns a refused request into its status code and a one-line <c>{"error": …}</c> body.</summary>
public sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRefusedException ex)
        {
            return Results.Json(new ErrorView(ex.Message), statusCode: ex.StatusCode);
        }
        catch (BadHttpRequestException ex)
        {
            return Results.Json(new ErrorView(ex.Message), statusCode: ex.StatusCode);
        }
    }
}
