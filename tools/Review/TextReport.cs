using System.Text;

namespace EdgeRouter.Review;

/// <summary>The review for a terminal: the changes by construct (what a person reads in a minute), then the findings, then the verdict.</summary>
public static class TextReport
{
    /// <summary>Most attribute lines shown per resource; the rest are counted.</summary>
    public const int MaxAttributesPerResource = 12;

    /// <summary>Renders <paramref name="result"/>.</summary>
    public static string Render(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var plan = result.Plan;
        text.AppendLine($"review: {plan.Source}, a plan of the stack {plan.Stack.StackName} ({plan.Stack.File}), Terraform {plan.TerraformVersion}");
        text.AppendLine(Summary(result));
        foreach (var group in result.ChangesByConstruct)
        {
            text.AppendLine();
            text.AppendLine(group.Key);
            foreach (var change in group)
            {
                text.AppendLine($"  {Label(change.Kind),-8} {change.Address}");
                foreach (var line in AttributeLines(change))
                {
                    text.AppendLine($"           {line}");
                }
            }
        }

        text.AppendLine();
        text.AppendLine(FindingsHeading(result));
        foreach (var finding in result.Findings)
        {
            text.AppendLine($"  {finding.RuleId} {State(finding),-12} {finding.Address}");
            text.AppendLine($"        {finding.What}");
            text.AppendLine($"        why: {finding.Why}");
            text.AppendLine($"        do:  {finding.Action}");
        }

        text.AppendLine();
        text.AppendLine($"review: {result.Verdict}");
        return text.ToString();
    }

    /// <summary>"changes: 1 to create, …".</summary>
    public static string Summary(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"changes: {result.Count(ChangeKind.Create)} to create, {result.Count(ChangeKind.Update)} to update in place, " +
            $"{result.Count(ChangeKind.Replace)} to replace, {result.Count(ChangeKind.Delete)} to delete " +
            $"({result.Count(ChangeKind.NoOp)} unchanged, {result.Count(ChangeKind.Read)} data source(s) read at apply)";
    }

    /// <summary>"findings: 3 blocking, 1 acknowledged, 1 notice" or "findings: none".</summary>
    public static string FindingsHeading(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Findings.Count == 0)
        {
            return "findings: none";
        }

        return $"findings: {result.Blocking.Count} blocking, {result.Findings.Count(f => f.Acknowledged)} acknowledged, " +
            $"{result.Findings.Count(f => !f.Blocking && !f.Acknowledged)} notice(s)";
    }

    /// <summary>BLOCKING, acknowledged or notice.</summary>
    public static string State(Finding finding) => finding?.Acknowledged == true ? "acknowledged" : finding?.Blocking == true ? "BLOCKING" : "notice";

    /// <summary>What the summary calls a kind of change.</summary>
    public static string Label(ChangeKind kind) => kind switch
    {
        ChangeKind.Create => "create",
        ChangeKind.Update => "update",
        ChangeKind.Replace => "REPLACE",
        ChangeKind.Delete => "DELETE",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The attribute lines of an update or a replacement: each changed attribute, before -> after, marked when it
    /// forces the replacement. On a replacement, attributes merely known after apply (ids, ARNs) are counted, not listed.
    /// </summary>
    public static IReadOnlyList<string> AttributeLines(ResourceChange change, int max = MaxAttributesPerResource)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind is not (ChangeKind.Update or ChangeKind.Replace))
        {
            return [];
        }

        var attributes = change.AttributeChanges;
        var shown = change.Kind == ChangeKind.Replace
            ? attributes.Where(a => a.ForcesReplacement || a.After != "(known after apply)").ToList()
            : [.. attributes];
        var lines = shown.OrderByDescending(a => a.ForcesReplacement).Take(max)
            .Select(a => $"{a.Path}: {a.Before} -> {a.After}{(a.ForcesReplacement ? "  (forces replacement)" : "")}").ToList();
        if (shown.Count > max)
        {
            lines.Add($"… {shown.Count - max} more changed attribute(s)");
        }

        if (attributes.Count > shown.Count)
        {
            lines.Add($"+ {attributes.Count - shown.Count} attribute(s) known after apply");
        }

        if (change.ActionReason == "replace_by_request")
        {
            lines.Add("replaced because the plan was made with -replace");
        }

        return lines;
    }
}
