using System.Text;
using Baton.Web.Data;
using NetArchTest.Rules;

namespace Baton.Web.Tests.Platform;

/// <summary>
/// Feature folders depend on each other only along the edges listed here (docs/adr/0008), and those edges form no
/// cycle. The graph is read from the compiled assembly — page models, endpoints, use cases and the Razor views compiled
/// into it — so a reference in code, not a word in a comment, is what counts. A new edge fails the build until it is
/// either removed or added here with the reason it is the right direction.
/// </summary>
public sealed class FeatureDependencyTests
{
    /// <summary>Each allowed edge "from → to", with why that direction and not the other.</summary>
    private static readonly Dictionary<(string From, string To), string> Allowed = new()
    {
        // The ticket pages are where an agent works, so they host what other features add to a ticket. Those features
        // reach tickets through the kernel (the access rule in Shared/Visibility, record events), never this folder.
        [("Tickets", "Hypercare")] = "the ticket page shows the hypercare tag; New offers the client's hypercare projects",
        [("Tickets", "Insight")] = "the ticket page hosts the project insight panel and its caused-by verdict",
        [("Tickets", "ServiceLevels")] = "tickets show their SLA clocks and the queue sorts by SLA target; the clocks run on record events",

        // Administration edits each feature's catalogue through that feature's use case.
        [("Admin", "Projects")] = "project types are saved by SaveProjectType",
        [("Admin", "ServiceLevels")] = "calendars, SLA policies and contracts are saved by ServiceLevels' use cases",
        [("Admin", "Tickets")] = "the priority matrix page reads the matrix tickets are classified with",

        // Reports read what other features compute; nothing reads a report.
        [("Admin", "Outbox")] = "the Outbox page lists and retries the outbox",
        [("Admin", "Mail")] = "the Outbox page names the configured mail server",
        [("Mail", "Tickets")] = "incoming mail opens tickets through the same use case as the pages and the API",
        [("Mail", "Outbox")] = "mail is one way of delivering the outbox: it implements IOutboxSender",
        [("Reports", "Insight")] = "the daily report and the project incidents report read project insight",
        [("Reports", "ServiceLevels")] = "SLA compliance reads the SLA catalogue",

        [("Account", "Projects")] = "the profile page offers the personal project calendar feed",
        [("Account", "Mail")] = "invitation and reset mail need the mail server's settings and the desk's link base and name (Mail:LinkBase, Mail:DeskName)",
        [("Account", "Outbox")] = "invitation and reset mail is queued in the outbox with its link marked secret (SecretLinks)",
        [("Admin", "Account")] = "the Agents page, the client page and the clients API create accounts with an invitation; the Outbox page masks account links",

        // A client's people: the client page keeps them, the new-ticket form finds requesters and adds a caller as a contact.
        [("Mail", "Notifications")] = "staff notices by mail are the in-app notices (InAppNotifications groups them) plus a mail to whoever wants one",
        [("Admin", "Automation")] = "the Rules pages write, dry-run and list rules through SaveRule and DryRun",
        [("Automation", "Informing")] = "a rule's \"notify roles\" resolves the roles on the ticket with TicketInvolvement and TicketNoticeSender's tenant rule",
        [("Automation", "Tickets")] = "a rule that sets impact or urgency classifies with the priority matrix (TicketReferenceCheck.MatrixAsync)",
        [("Admin", "Informing")] = "the RASCI matrix page saves through SaveRasci and previews who's involved on an example ticket",
        [("Tickets", "Informing")] = "the ticket page and GET /tickets/{n}/involved show who's involved, resolved from the RASCI matrix; posting a note says whom its @mentions tell (MentionNotice)",
        [("Projects", "Informing")] = "a deliverable accepted or rejected and a scope change asked for are told through ProjectNotices (the project's people and the matrix)",
        [("Projects", "Closeout")] = "accepting the last deliverable or finishing the last clean-up item can make the close-out ready for sign-off; CloseoutReadiness tells",
        [("Closeout", "Informing")] = "\"close-out ready for sign-off\" is told through ProjectNotices, to the close-out row of the matrix",
        [("Hypercare", "Informing")] = "\"hypercare ends in 7 days\" is told through ProjectNotices, to the hypercare row of the matrix",
        [("ServiceLevels", "Informing")] = "an SLA crossing adds the matrix's Accountable (read once per sweep by RasciCatalogue) to the assignee and team lead",
        [("Account", "Notifications")] = "the profile page is where a person chooses how they hear of each kind of notice and when their digest comes",
        [("Admin", "Contacts")] = "the client page and the clients API add and change contacts through SaveContact and search them",
        [("Tickets", "Meetings")] = "the ticket page hosts the meetings section and its timeline shows the meetings a contact attends",
        [("Tickets", "Contacts")] = "New finds the requester (RequesterSearch) and adds a caller not in Baton yet through SaveContact",
    };

    /// <summary>
    /// The kernel every feature may use (the shared vocabulary, audit, timeline, links, events, caching) and the
    /// composition root (Program, Demo seeding) that may use every feature: neither is a feature, so neither is a node.
    /// </summary>
    private static readonly string[] Kernel = ["Shared"];

    /// <summary>The demo desk plays every feature's use cases, so it may depend on all of them, and none on it.</summary>
    private const string Demo = "Demo";

    [Fact]
    public void FeatureFolders_DependOnEachOther_OnlyAlongTheDocumentedEdges()
    {
        var unexpected = Graph().Where(edge => !Allowed.ContainsKey(edge.Key) && edge.Key.From != Demo).ToList();

        Assert.True(unexpected.Count == 0, Describe("Edges between feature folders that are not in the allow-list:", unexpected));
    }

    [Fact]
    public void TheAllowList_HasNoCycle_AndNoEdgeThatIsNoLongerThere()
    {
        var actual = Graph();
        var stale = Allowed.Keys.Where(edge => !actual.ContainsKey(edge)).Select(edge => $"{edge.From} → {edge.To}").ToList();
        Assert.True(stale.Count == 0, "Allowed edges the code no longer has (remove them): " + string.Join(", ", stale));

        var cycle = FindCycle(Allowed.Keys);
        Assert.True(cycle is null, "The allow-list has a cycle: " + string.Join(" → ", cycle ?? []));
    }

    [Fact]
    public void TheKernel_InfrastructureAndData_DependOnNoFeature()
    {
        var features = Features().Except(Kernel).Select(f => $"Baton.Web.Features.{f}").ToArray();
        var layers = KernelLayers.Concat(Kernel.Select(k => $"Baton.Web.Features.{k}"));

        var failures = new StringBuilder();
        foreach (var layer in layers)
        {
            var result = Types.InAssembly(WebAssembly).That().ResideInNamespaceMatching(Under(layer))
                .ShouldNot().HaveDependencyOnAny(features).GetResult();
            foreach (var type in result.FailingTypes ?? [])
            {
                failures.AppendLine($"{type.FullName}: {type.Explanation}");
            }
        }

        Assert.True(failures.Length == 0, "The kernel depends on features:\n" + failures);
    }

    private static readonly string[] KernelLayers = ["Baton.Web.Infrastructure", "Baton.Web.Data"];

    /// <summary>A namespace and those below it, as a pattern.</summary>
    private static string Under(string ns) => "^" + System.Text.RegularExpressions.Regex.Escape(ns) + @"(\.|$)";

    private static readonly System.Reflection.Assembly WebAssembly = typeof(BatonDb).Assembly;

    /// <summary>Feature folders, read from the namespaces of the compiled assembly.</summary>
    private static IReadOnlyList<string> Features() =>
    [
        .. WebAssembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith("Baton.Web.Features.", StringComparison.Ordinal))
            .Select(ns => ns["Baton.Web.Features.".Length..].Split('.')[0])
            .Distinct()
            .Order(),
    ];

    /// <summary>Every edge between two features (kernel excluded), with the types that make it.</summary>
    private static Dictionary<(string From, string To), List<string>> Graph()
    {
        var features = Features().Except(Kernel).ToList();
        var graph = new Dictionary<(string, string), List<string>>();
        foreach (var from in features)
        {
            foreach (var to in features.Where(f => f != from))
            {
                // A Razor view compiles to AspNetCoreGeneratedDocument.Features_<Folder>_<View>: it belongs to its folder.
                var result = Types.InAssembly(WebAssembly)
                    .That().ResideInNamespaceMatching(Under($"Baton.Web.Features.{from}"))
                    .Or().HaveNameStartingWith($"Features_{from}_")
                    .ShouldNot().HaveDependencyOnAny($"Baton.Web.Features.{to}")
                    .GetResult();
                if (!result.IsSuccessful)
                {
                    graph[(from, to)] = [.. result.FailingTypes.Select(t => $"{t.FullName}: {t.Explanation}")];
                }
            }
        }

        return graph;
    }

    private static string Describe(string heading, IEnumerable<KeyValuePair<(string From, string To), List<string>>> edges)
    {
        var text = new StringBuilder(heading).AppendLine();
        foreach (var ((from, to), types) in edges)
        {
            text.AppendLine($"  {from} → {to}");
            foreach (var type in types)
            {
                text.AppendLine($"      {type}");
            }
        }

        return text.ToString();
    }

    private static List<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.ToLookup(e => e.From, e => e.To);
        var state = new Dictionary<string, bool>(); // false: on the current path, true: done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
            {
                return done ? null : [.. path.SkipWhile(n => n != node), node];
            }

            state[node] = false;
            path.Add(node);
            foreach (var to in next[node])
            {
                if (Visit(to) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }

        return next.Select(group => Visit(group.Key)).FirstOrDefault(cycle => cycle is not null);
    }
}
