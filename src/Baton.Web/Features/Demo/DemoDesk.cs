using Baton.Web.Data;
using Baton.Web.Features.Hypercare;
using Baton.Web.Features.Mail;
using Baton.Web.Features.ServiceLevels;
using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Features.Demo;

/// <summary>The demo desk as the start-up seeding sees it (<see cref="IDemoDesk"/>): the demo knows every feature, the kernel none.</summary>
internal sealed class DemoDesk(TimeProvider clock) : IDemoDesk
{
    public async Task FillAsync(BatonDb db, UserManager<BatonUser> users, string password, IServiceProvider services, CancellationToken cancellationToken)
    {
        using var noMail = RequesterMail.Suppress(); // its requesters are made up: their history mails nobody
        await DemoData.FillAsync(db, users, password, clock, services.GetRequiredService<HypercareIntake>(),
            services.GetRequiredService<SlaEscalation>(), cancellationToken);
    }
}
