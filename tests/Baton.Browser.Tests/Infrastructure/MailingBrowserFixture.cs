using Baton.Web.Tests.Infrastructure;
using Baton.Web.Tests.Mail;

namespace Baton.Browser.Tests.Infrastructure;

/// <summary>
/// Baton on its own Kestrel port whose outgoing mail goes to a real SMTP server on loopback (<see cref="Sink"/>), the
/// way <see cref="MailingDesk.SendThrough"/> points it: the after-commit jobs and the outbox dispatcher run in the
/// background on the real clock, so a journey waits for a mail as a person would. For a test class that needs mail
/// (IClassFixture); the shared browser fixture sends none.
/// </summary>
public class MailingBrowserFixture : BatonBrowserFixture
{
    public MailingBrowserFixture()
        : this(new SmtpSink(), arrange: null)
    {
    }

    /// <summary>For a derived fixture that arranges more of the app before it starts (a clock, a setting).</summary>
    protected MailingBrowserFixture(Action<BatonAppFactory> arrange)
        : this(new SmtpSink(), arrange)
    {
    }

    private MailingBrowserFixture(SmtpSink sink, Action<BatonAppFactory>? arrange)
        : base(MailingThrough(sink, arrange)) => Sink = sink;

    public SmtpSink Sink { get; }

    private static BatonAppFactory MailingThrough(SmtpSink sink, Action<BatonAppFactory>? arrange)
    {
        var app = new BatonAppFactory();
        MailingDesk.SendThrough(app, sink);
        arrange?.Invoke(app);
        return app;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
