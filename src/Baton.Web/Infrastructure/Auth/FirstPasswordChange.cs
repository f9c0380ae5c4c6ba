namespace Baton.Web.Infrastructure.Auth;

/// <summary>
/// An account still on its generated one-time password (the first administrator when Baton:AdminPassword is not
/// set) uses nothing until the password is changed: every page redirects to the change-password page, and the API
/// answers 403 (so no token can be created or used before).
/// </summary>
public static class FirstPasswordChange
{
    public const string PagePath = "/Account/ChangePassword";

    public static IApplicationBuilder UseFirstPasswordChange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(c => c.Type == BatonClaims.MustChangePassword) && !MayPass(context.Request.Path))
        {
            if (BatonHost.IsApi(context.Request.Path))
            {
                await Results.Problem(
                    title: "Password change required",
                    detail: "This account still has its one-time password. Sign in on the web and change it before using the API.",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                return;
            }

            context.Response.Redirect(PagePath);
            return;
        }

        await next(context);
    });

    private static bool MayPass(PathString path) =>
        path.StartsWithSegments(PagePath) || path.StartsWithSegments("/Account/Logout") || path.StartsWithSegments(Features.Account.AccountMail.PagePath) || path.StartsWithSegments("/Error")
        || path.StartsWithSegments("/health");
}
