using Baton.Web.Data;
using Baton.Web.Features.Account;
using Baton.Web.Features.Admin;
using Baton.Web.Features.Automation;
using Baton.Web.Features.Closeout;
using Baton.Web.Features.Informing;
using Baton.Web.Features.Hypercare;
using Baton.Web.Features.Insight;
using Baton.Web.Features.Mail;
using Baton.Web.Features.Meetings;
using Baton.Web.Features.Notifications;
using Baton.Web.Features.Projects;
using Baton.Web.Features.Reports;
using Baton.Web.Features.ServiceLevels;
using Baton.Web.Features.Shared;
using Baton.Web.Features.Shared.Caching;
using Baton.Web.Features.Shared.Events;
using Baton.Web.Features.Shared.Links;
using Baton.Web.Features.Tickets;
using Baton.Web.Infrastructure;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Files;
using Baton.Web.Infrastructure.Http;
using Baton.Web.Infrastructure.Startup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using System.Text.Json.Serialization;

namespace Baton.Web;

/// <summary>Service registration and the request pipeline, kept out of Program.cs so both read top to bottom.</summary>
public static class BatonHost
{
    public static WebApplicationBuilder AddBaton(this WebApplicationBuilder builder, StartupFlags flags)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var dataDirectory = Path.GetFullPath(configuration["Baton:DataDirectory"] is { Length: > 0 } d ? d : Path.Combine(Directory.GetCurrentDirectory(), "data"));
        DataDirectory.Prepare(dataDirectory, "data directory");

        services.AddSingleton(TimeProvider.System);
        services.AddBatonDatabase(configuration, dataDirectory);
        services.AddDiskAttachments(dataDirectory);
        services.Configure<AttachmentOptions>(configuration.GetSection("Attachments"));
        services.Configure<BootstrapOptions>(configuration.GetSection("Baton"));
        services.PostConfigure<BootstrapOptions>(o => o.Demo |= flags.Demo);
        services.AddDatabaseStartup(dataDirectory); // migrates and seeds in the background; requests wait for it (503)
        // Each feature's defaults, after the kernel's reference data and in this order; the demo desk only with --demo.
        services.AddSingleton<ISeedStep>(new SeedStep((db, _, ct) => ServiceLevelDefaults.SeedAsync(db, ct)));
        services.AddSingleton<ISeedStep>(new SeedStep((db, sp, ct) => CloseoutTemplateDefaults.SeedAsync(db, sp.GetRequiredService<TimeProvider>(), ct)));
        services.AddSingleton<ISeedStep>(new SeedStep((db, sp, ct) => Features.Automation.AutomationCatalogue.SeedAsync(db, sp.GetRequiredService<TimeProvider>(), ct)));
        services.AddSingleton<IDemoDesk, Features.Demo.DemoDesk>();
        services.AddOptions<ServiceLevelOptions>()
            .Bind(configuration.GetSection("ServiceLevels"))
            .Validate(o => o.EscalationInterval > TimeSpan.Zero, "ServiceLevels:EscalationInterval must be a positive time span, e.g. 00:00:30.")
            .ValidateOnStart();
        services.AddProjectInsight(configuration);
        services.AddSingleton<InAppNotifications>();
        services.AddSingleton<INotificationChannel>(sp => new MailedNotifications(
            sp.GetRequiredService<InAppNotifications>(), sp.GetRequiredService<RequesterMail>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequesterMailOptions>>()));
        services.AddSingleton<SlaEscalation>();
        services.AddHostedService<SlaEscalationService>();
        services.AddSingleton<KeepInformedEscalation>();
        services.AddHostedService<KeepInformedEscalationService>();
        services.AddRecordEvents(configuration); // before the handlers: the dispatcher and the drain (docs/adr/0009)
        services.AddSlaClocks();
        services.AddHypercare(configuration);
        services.AddTicketNotices();
        services.AddAutomation(configuration);
        services.AddConsults(configuration);
        services.AddMemoryCache();
        services.AddCatalogueCache();
        services.AddOptions<DailyReportOptions>()
            .Bind(configuration.GetSection("DailyReport"))
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DailyReportOptions>, DailyReportOptions.Validator>();
        services.AddSingleton<DailyReportJob>();
        services.AddHostedService<DailyReportService>();
        services.AddHostedService<Features.Outbox.OutboxDispatcher>();
        services.AddMail(configuration); // the SMTP sender and what requesters are sent (after AddRecordEvents)
        services.AddMeetings();
        services.AddAccountMail(configuration); // invitations and password resets

        services.AddIdentity<BatonUser, IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<BatonDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<BatonClaimsFactory>()
            .AddBatonAccessControl();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "baton.auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
        });
        // A locked-out or re-roled user's cookie stops working within a minute, not the default half hour.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokens.Scheme, null)
            .AddPolicyScheme(ApiTokens.FeedScheme, null, o => o.ForwardDefaultSelector = ApiTokens.SelectFeedScheme);
        services.AddAuthorizationBuilder().AddBatonPolicies();

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/ForgotPassword");
            o.Conventions.AllowAnonymousToPage(Features.Account.AccountMail.PagePath); // the mailed token is the key
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AuthorizeFolder("/Admin", Policies.CatalogueAdmin);
            o.Conventions.AuthorizePage("/Admin/Agents", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/PriorityMatrix", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/Rasci", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/Rules", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/Rule", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/MailTemplates", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/MailTemplate", Policies.Administrator);
            o.Conventions.AuthorizePage("/Admin/Mailboxes", Policies.Administrator); // server passwords
            o.Conventions.AuthorizeFolder("/Reports", Policies.Staff);
        }).WithRazorPagesRoot("/Features");
        services.AddAntiforgery(o => o.Cookie.Name = "baton.af");
        services.AddBatonKeyRing(configuration);

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddInputRules();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer<OpenApiSetup>());
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddBatonWarmUp(configuration);
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseBaton(this WebApplication app)
    {
        // ProblemExceptionHandler logs each failure with the path that failed; the middleware's line names none.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", SuppressDiagnosticsCallback = _ => true });
        app.UseWhen(c => IsApi(c.Request.Path), a => a.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c.Request.Path), a => a.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseDatabaseReadinessGate();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api-docs";
            o.SwaggerEndpoint("/openapi/v1.json", "Baton API v1");
            o.DocumentTitle = "Baton API";
        });
        app.UseRouting();
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFirstPasswordChange(); // after authorization, which signs API-token callers in
        app.UseRequestTextRules();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapOpenApi().AllowAnonymous();
        // Browsers and bookmark tools ask for /favicon.ico whatever the page links; the icon is an SVG.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).AllowAnonymous().ExcludeFromDescription();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiTokens.Scheme })
            .RequireAuthorization(Policies.TokenScope)
            .DisableAntiforgery()
            .WithInputRules()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RequestBodyLimits.ApiJsonBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapTicketsApi();
        api.MapMeetingsApi();
        api.MapCatalogueApi();
        api.MapServiceLevelsApi();
        api.MapNotificationsApi();
        api.MapReportsApi();
        api.MapCloseoutApi();
        api.MapProjectsApi();
        app.MapProjectFeeds(); // the .ics feeds: token in the header or ?token=, or the sign-in cookie
        api.MapHypercareApi();
        api.MapInsightApi();
        api.MapLinksApi();
        api.MapRasciApi();
        api.MapAutomationApi();
        api.MapMailTemplatesApi();
        api.MapConsultsApi();

        app.MapInboundMailGateway(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Mail.InboundMailOptions>>().Value.MaxBytes);

        app.MapRazorPages();
        return app;
    }

    internal static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/health") || path.StartsWithSegments("/openapi");
}
