namespace Baton.Web.Features.Insight;

/// <summary>The <c>Projects</c> configuration section, as the insight panel reads it.</summary>
public sealed class ProjectInsightOptions
{
    public const int MaxRecentlyClosedDays = 365;

    /// <summary>Projects:RecentlyClosedDays — how long a closed project stays on the panel (default 30 days, 1–365).</summary>
    public int RecentlyClosedDays { get; set; } = 30;

    public TimeSpan RecentlyClosed => TimeSpan.FromDays(RecentlyClosedDays);
}

public static class InsightServices
{
    /// <summary>Binds and checks <see cref="ProjectInsightOptions"/> at start, so a bad value stops the app with a message.</summary>
    public static IServiceCollection AddProjectInsight(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProjectInsightOptions>()
            .Bind(configuration.GetSection("Projects"))
            .Validate(
                o => o.RecentlyClosedDays is >= 1 and <= ProjectInsightOptions.MaxRecentlyClosedDays,
                $"Projects:RecentlyClosedDays must be a whole number of days from 1 to {ProjectInsightOptions.MaxRecentlyClosedDays}, e.g. 30.")
            .ValidateOnStart();
        return services;
    }
}
