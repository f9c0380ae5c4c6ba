using Baton.Web.Tests.Infrastructure;

namespace Baton.Web.Tests.Mail;

/// <summary>The Dovecot server as an xunit class fixture: started before a test class, stopped after it.</summary>
public sealed partial class DovecotServer : IAsyncLifetime;

/// <summary>
/// A test against the real Dovecot server: skipped with the reason where dovecot is not installed, but never under
/// BATON_REQUIRE_ALL_SUITES (test.sh installs it), where it runs and fails without it.
/// </summary>
public sealed class ImapFactAttribute : FactAttribute
{
    public ImapFactAttribute()
    {
        if (!DovecotServer.Installed && !TestDatabase.RequireAll)
        {
            Skip = "Needs Dovecot (apt-get install dovecot-imapd): run through ./test.sh, which installs it.";
        }
    }
}
