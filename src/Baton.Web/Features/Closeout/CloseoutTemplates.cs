using Baton.Domain;
using Baton.Domain.Closeout;
using Baton.Web.Data;
using Baton.Web.Infrastructure.Auth;
using Baton.Web.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Baton.Web.Features.Closeout;

public sealed record CloseoutVersionSummary(int Number, DateTimeOffset PublishedAt, string PublishedBy, IReadOnlyList<string> Changes, string Note, int? ProposalId);

/// <summary>Reads of the template: the current version, any published version, the list of versions.</summary>
public static class CloseoutTemplates
{
    public static Task<CloseoutTemplateVersion?> CurrentAsync(BatonDb db, CancellationToken ct) =>
        db.CloseoutTemplateVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);

    public static Task<CloseoutTemplateVersion?> VersionAsync(BatonDb db, int number, CancellationToken ct) =>
        db.CloseoutTemplateVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Number == number, ct);

    public static async Task<int> CurrentNumberAsync(BatonDb db, CancellationToken ct) =>
        await db.CloseoutTemplateVersions.MaxAsync(v => (int?)v.Number, ct) ?? 0;

    /// <summary>Every version, newest first, with what it changed.</summary>
    public static Task<List<CloseoutVersionSummary>> ListAsync(BatonDb db, CancellationToken ct) =>
        db.CloseoutTemplateVersions.AsNoTracking().OrderByDescending(v => v.Number)
            .Select(v => new CloseoutVersionSummary(v.Number, v.PublishedAt, v.PublishedByName, EF.Property<List<string>>(v, "_changes"), v.Note, v.ProposalId))
            .ToListAsync(ct);

    /// <summary>What the versions after <paramref name="number"/> changed, oldest first (what an upgrade would bring).</summary>
    public static Task<List<CloseoutVersionSummary>> SinceAsync(BatonDb db, int number, CancellationToken ct) =>
        db.CloseoutTemplateVersions.AsNoTracking().Where(v => v.Number > number).OrderBy(v => v.Number)
            .Select(v => new CloseoutVersionSummary(v.Number, v.PublishedAt, v.PublishedByName, EF.Property<List<string>>(v, "_changes"), v.Note, v.ProposalId))
            .ToListAsync(ct);

    /// <summary>
    /// Saves a newly published version. Two leads publishing from the same version race for its number; the unique index
    /// lets one win, and the other is told to look at the new version first.
    /// </summary>
    internal static async Task SaveNewVersionAsync(BatonDb db, CloseoutTemplateVersion next, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            throw Stale(next.Number - 1, await CurrentNumberAsync(db, ct));
        }
    }

    internal static StaleRecordException Stale(int had, int current) => new("The close-out checklist template", had, current);
}

/// <summary>
/// Publishes the next template version (the page's small edits and the API's whole-template PUT both end here). Only
/// a support lead may; <c>basedOn</c> is the version the editor was looking at, so an edit never silently undoes
/// someone else's newer version.
/// </summary>
public static class PublishCloseoutTemplate
{
    public static async Task<CloseoutTemplateVersion> ExecuteAsync(
        BatonDb db, CurrentUser user, int? basedOn, Func<CloseoutTemplateVersion, IReadOnlyList<CloseoutSectionDraft>> edit, string? note, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(edit);
        await SupportLeads.RequireAsync(db, user, "edit the close-out checklist template", ct);
        var current = await CloseoutTemplates.CurrentAsync(db, ct) ?? throw new InvalidOperationException("The close-out template has not been seeded.");
        if (basedOn is { } had && had != current.Number)
        {
            throw CloseoutTemplates.Stale(had, current.Number);
        }

        var next = current.Publish(edit(current), note, user.Actor, clock.GetUtcNow());
        db.CloseoutTemplateVersions.Add(next);
        await CloseoutTemplates.SaveNewVersionAsync(db, next, ct);
        return next;
    }
}

/// <summary>
/// Version 1 of the template, published at first start when there is none: what an MSP support team wants in place
/// before it takes a project over. Support edits it from there (/Admin/CloseoutTemplate).
/// </summary>
public static class CloseoutTemplateDefaults
{
    public static readonly Actor Publisher = new("baton", "Baton (starter checklist)");

    public static IReadOnlyList<CloseoutSectionDraft> Sections { get; } =
    [
        new(null, "Documentation delivered",
        [
            Item("Network diagram current as of go-live", true,
                "Physical and logical: sites, links, VLANs, IP ranges, firewalls and what connects where. In the client's documentation space, not on an engineer's laptop."),
            Item("Credentials stored in the password vault", true,
                "Every administrator account, device, service and vendor portal the project created or changed, in the client's vault folder. None left in e-mails, tickets or personal notes."),
            Item("As-built document delivered", true, "What was actually built, including where and why it differs from the design."),
            Item("Configuration backups of changed devices stored", true, "Switches, firewalls, phone system, wireless controllers: exported after the last change, with the date."),
            Item("Runbook for routine tasks", false, "Adding a user, a phone or a site; restarting the service; known quirks and how to get round them."),
        ]),
        new(null, "Monitoring and backups in place",
        [
            Item("New and changed devices and services are monitored", true,
                "Added to monitoring with sensible thresholds; alerts reach the service desk, not the project engineer's mailbox."),
            Item("Backups configured and a test restore done", true, "What is backed up, where, how long it is kept, and the date of the test restore."),
            Item("Patching and update schedule agreed", false, "Who patches what, when, and how the client is told about downtime."),
        ]),
        new(null, "Licences, warranties and vendors",
        [
            Item("Licences recorded with their renewal dates", true, "Product, quantity, who pays, renewal date, and where the licence keys are kept."),
            Item("Warranties and support contracts recorded", true, "Vendor, contract or serial number, expiry, and how to open a case with the vendor."),
            Item("Vendor contacts and escalation paths recorded", false, "Account manager, technical support line, and what to quote when calling."),
        ]),
        new(null, "Client contacts confirmed",
        [
            Item("Client contacts confirmed", true, "Who may raise tickets, who approves changes, whom to call in an outage; phone numbers checked with the people themselves."),
            Item("The client knows how to reach support", true, "Service desk number, portal and e-mail given; support hours and the out-of-hours process explained."),
        ]),
        new(null, "Hand-over to support",
        [
            Item("Open issues handed over as tickets or known errors", true, "Everything not finished or not working as designed, with its workaround. Nothing left only in the lead tech's head."),
            Item("Sites and configuration items updated in Baton", true, "The sites and configuration items the project touched are current, so tickets link to the right things."),
            Item("Training done for the client's users", true, "Who was trained, on what, and where the training material is."),
            Item("Support team briefed by the lead tech", true, "A walkthrough of the new system for the support technicians, before the lead is released."),
            Item("Hand-off meeting held with the client", true, "Recorded on the project's hand-off page: attendees from both sides, the contact matrix, documentation links and open risks.", CloseoutProof.HandoffMeeting),
        ]),
    ];

    public static async Task SeedAsync(BatonDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.CloseoutTemplateVersions.AnyAsync(ct))
        {
            return;
        }

        db.CloseoutTemplateVersions.Add(CloseoutTemplateVersion.First(Sections, "The starter checklist. Support owns it: change it whenever a project leaves you holding the bag.", Publisher, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueNames.IsViolation(e))
        {
            db.ChangeTracker.Clear(); // another instance seeded it first
        }
    }

    private static CloseoutItemDraft Item(string text, bool required, string guidance, CloseoutProof provenBy = CloseoutProof.None) => new(null, text, required, guidance, provenBy);
}
