namespace Baton.Domain.ServiceLevels;

/// <summary>
/// A local date on which the calendar is closed all day. A recurring holiday repeats on <see cref="Date"/>'s month
/// and day in every year, before and after <see cref="Date"/>'s own year; a recurring 29 February closes only leap
/// years' 29 February.
/// </summary>
public sealed record Holiday(DateOnly Date, bool RecursYearly, string Name)
{
    public bool FallsOn(DateOnly date) =>
        RecursYearly ? date.Month == Date.Month && date.Day == Date.Day : date == Date;
}
