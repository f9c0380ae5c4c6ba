namespace Baton.Web.Infrastructure.Errors;

/// <summary>The caller's copy is out of date: someone changed the ticket after they read it.</summary>
public sealed class StaleTicketException(string number, int expected, int current)
    : Exception($"{number} was changed by someone else since you opened it (you had version {expected}, it is now {current}). Reload to see their change, then try again.")
{
    public int CurrentVersion { get; } = current;
}
