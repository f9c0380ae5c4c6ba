using Baton.Web.Tests.Infrastructure;

namespace Baton.Browser.Tests.Infrastructure;

/// <summary>
/// A test that needs Debian's Chromium: skipped with a visible reason in a plain `dotnet test` on a machine without it,
/// never in the test command (BATON_REQUIRE_ALL_SUITES=1), where a missing browser fails loudly instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public BrowserFactAttribute()
    {
        if (!ChromiumInstalled && !TestDatabase.RequireAll)
        {
            Skip = "Browser suite: install Debian chromium (./test.sh does) to run it.";
        }
    }
}
