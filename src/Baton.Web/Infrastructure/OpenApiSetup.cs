using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Baton.Web.Infrastructure;

/// <summary>Describes the API's one security scheme: a personal token sent as a bearer token.</summary>
internal sealed class OpenApiSetup : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Baton API";
        document.Info.Description = "The Baton service desk API. Authenticate with a personal API token (create one on your profile page) as `Authorization: Bearer <token>`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Personal API token",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
