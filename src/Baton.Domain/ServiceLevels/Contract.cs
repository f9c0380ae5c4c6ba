namespace Baton.Domain.ServiceLevels;

public enum CoverageStatus
{
    Covered = 1,
    NotCovered = 2,
    NoContract = 3,
}

/// <summary>Whether a ticket falls inside its client's contract, said plainly for the technician.</summary>
public sealed record Coverage(CoverageStatus Status, string Note)
{
    public static Coverage NoContract { get; } = new(CoverageStatus.NoContract, "No contract in force");
}

/// <summary>
/// What a client bought: a period, the SLA policy that holds the provider to account, the hours support is given
/// (coverage calendar), the services (categories) and configuration items covered, and what is explicitly not supported.
/// </summary>
public sealed class Contract
{
    public const int NameMaxLength = 120;

    private Contract()
    {
        Name = "";
        Exclusions = "";
    }

    public Contract(int clientId, ContractTerms terms)
    {
        ClientId = clientId;
        Name = "";
        Exclusions = "";
        Update(terms);
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public string Name { get; private set; }
    public DateOnly StartsOn { get; private set; }

    /// <summary>Last day in force; null for open-ended.</summary>
    public DateOnly? EndsOn { get; private set; }

    public int SlaPolicyId { get; private set; }

    /// <summary>When support is given; the clocks run in these hours. Null: the policy's calendar.</summary>
    public int? CoverageCalendarId { get; private set; }

    /// <summary>Categories (services) covered; empty means every service.</summary>
    public IReadOnlyList<int> CoveredCategoryIds { get; private set; } = [];

    /// <summary>Configuration items covered; empty means every item of the client.</summary>
    public IReadOnlyList<int> CoveredItemIds { get; private set; } = [];

    /// <summary>What is explicitly not supported, one item per line.</summary>
    public string Exclusions { get; private set; }

    public IReadOnlyList<string> ExclusionList => Exclusions.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsInForceOn(DateOnly day) => StartsOn <= day && (EndsOn is null || day <= EndsOn);

    public bool Overlaps(Contract other) =>
        other.ClientId == ClientId && other.Id != Id
        && StartsOn <= (other.EndsOn ?? DateOnly.MaxValue) && other.StartsOn <= (EndsOn ?? DateOnly.MaxValue);

    public void Update(ContractTerms terms)
    {
        Name = Text.Required(terms.Name, "name", NameMaxLength, "a contract needs a name");
        if (terms.EndsOn is { } end && end < terms.StartsOn)
        {
            throw new DomainRuleException($"The contract ends ({end:yyyy-MM-dd}) before it starts ({terms.StartsOn:yyyy-MM-dd}).", "endsOn");
        }

        StartsOn = terms.StartsOn;
        EndsOn = terms.EndsOn;
        SlaPolicyId = terms.SlaPolicyId;
        CoverageCalendarId = terms.CoverageCalendarId;
        CoveredCategoryIds = [.. terms.CoveredCategoryIds.Distinct().Order()];
        CoveredItemIds = [.. terms.CoveredItemIds.Distinct().Order()];
        Exclusions = string.Join('\n', (terms.Exclusions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (Exclusions.Length > 4000)
        {
            throw new DomainRuleException("Keep the exclusions under 4,000 characters.", "exclusions");
        }
    }

    /// <summary>Refuses a period that overlaps another contract of the same client: a ticket must resolve to one contract.</summary>
    public void EnsureNoOverlapWith(IEnumerable<Contract> clientContracts)
    {
        if (clientContracts.FirstOrDefault(Overlaps) is { } clash)
        {
            var until = clash.EndsOn is { } e ? e.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "open-ended";
            throw new DomainRuleException($"The period overlaps contract '{clash.Name}' ({clash.StartsOn:yyyy-MM-dd} – {until}); a client has one contract in force at a time.", "startsOn");
        }
    }

    /// <summary>The contract in force on a day, if any.</summary>
    public static Contract? InForce(IEnumerable<Contract> clientContracts, DateOnly day) => clientContracts.FirstOrDefault(c => c.IsInForceOn(day));

    /// <summary>Whether a ticket about this category and item is covered, with the reason when it is not.</summary>
    public Coverage Decide(int? categoryId, string? categoryName, int? itemId, string? itemName)
    {
        if (itemId is { } item && CoveredItemIds.Count > 0 && !CoveredItemIds.Contains(item))
        {
            return new Coverage(CoverageStatus.NotCovered, $"Not covered: {itemName ?? $"item {item}"} is not among the configuration items of {Name}");
        }

        if (categoryId is { } category && CoveredCategoryIds.Count > 0 && !CoveredCategoryIds.Contains(category))
        {
            return new Coverage(CoverageStatus.NotCovered, $"Not covered: {categoryName ?? $"category {category}"} is not a service of {Name}");
        }

        return new Coverage(CoverageStatus.Covered, $"Covered by {Name}");
    }
}

public sealed record ContractTerms(
    string Name,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    int SlaPolicyId,
    int? CoverageCalendarId,
    IReadOnlyList<int> CoveredCategoryIds,
    IReadOnlyList<int> CoveredItemIds,
    string? Exclusions);
