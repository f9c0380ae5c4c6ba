using Baton.Web.Infrastructure.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Baton.Web.Infrastructure.Http;

/// <summary>
/// Applies each endpoint's body limit before anything reads the body: JSON on the API is small, uploads may be
/// as large as Attachments:MaxBytes. A body over the limit gets a 413 problem, not a half-read request.
/// </summary>
public static class RequestBodyLimits
{
    public const long ApiJsonBytes = 1024 * 1024;

    /// <summary>Room for multipart boundaries and the other form fields around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        long? limit = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (context.Request.HasFormContentType && limit is not null)
        {
            limit = context.RequestServices.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxBytes + MultipartOverhead;
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = limit.Value }));
        }

        if (limit is { } max)
        {
            if (context.Request.ContentLength > max)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Results.Problem(
                    title: "Request too large",
                    detail: $"The body is {context.Request.ContentLength:N0} bytes; this endpoint accepts at most {max:N0}.",
                    statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = max;
            }
        }

        await next();
    });
}
