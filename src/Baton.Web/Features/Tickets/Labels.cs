using Baton.Domain.Tickets;

namespace Baton.Web.Features.Tickets;

/// <summary>Button labels for lifecycle moves, in the desk's words.</summary>
public static class Labels
{
    public static string For(TicketTransition transition) => transition switch
    {
        TicketTransition.Acknowledge => "Acknowledge",
        TicketTransition.StartWork => "Start work",
        TicketTransition.AwaitCustomer => "Wait on customer",
        TicketTransition.Resume => "Resume work",
        TicketTransition.Resolve => "Resolve",
        TicketTransition.Reopen => "Reopen",
        TicketTransition.Close => "Close",
        _ => transition.ToString(),
    };
}
