using System.Text;

namespace EdgeRouter.Review;

/// <summary>
/// The review as Markdown for a pull-request comment: the verdict and counts, the findings in full, and the changes
/// by construct folded in a <c>&lt;details&gt;</c>. Always under <see cref="MaxLength"/> characters (GitHub refuses a
/// comment over 65,536): the folded part is cut first, with a line saying so. Everything that comes from the plan is
/// escaped (it could hold Markdown or HTML).
/// </summary>
public static class MarkdownReport
{
    /// <summary>The most characters the comment may have; GitHub's limit is 65,536.</summary>
    public const int MaxLength = 60_000;

    /// <summary>Renders <paramref name="result"/>.</summary>
    public static string Render(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var head = new StringBuilder();
        var plan = result.Plan;
        var verdict = result.ExitCode switch { 0 => "passed", 1 => "BLOCKED", _ => "ALLOW error" };
        head.AppendLine($"### Plan review of `{Code(plan.Stack.StackName)}`: {verdict}");
        head.AppendLine();
        head.AppendLine("| create | update in place | replace | delete | unchanged |");
        head.AppendLine("| ---: | ---: | ---: | ---: | ---: |");
        head.AppendLine($"| {result.Count(ChangeKind.Create)} | {result.Count(ChangeKind.Update)} | {result.Count(ChangeKind.Replace)} | {result.Count(ChangeKind.Delete)} | {result.Count(ChangeKind.NoOp)} |");
        head.AppendLine();
        head.AppendLine($"**{Escape(TextReport.FindingsHeading(result))}**");
        head.AppendLine();
        foreach (var finding in result.Findings)
        {
            head.AppendLine($"- **{finding.RuleId}** {TextReport.State(finding)} `{Code(finding.Address)}`: {Escape(finding.What)}<br>");
            head.AppendLine($"  *Why:* {Escape(finding.Why)}<br>");
            head.AppendLine($"  *Do:* {Escape(finding.Action)}");
        }

        var tail = $"\n**Result:** {VerdictMarkdown(result.Verdict)}\n";
        var details = new StringBuilder();
        var changes = result.ChangesByConstruct;
        details.AppendLine();
        details.AppendLine($"<details><summary>Changes by construct ({changes.Sum(g => g.Count())} resources)</summary>");
        details.AppendLine();
        var closing = "\n</details>\n";
        var budget = MaxLength - head.Length - tail.Length - closing.Length - 200;
        var cut = 0;
        foreach (var group in changes)
        {
            var block = new StringBuilder();
            block.AppendLine($"**{Escape(group.Key)}**");
            block.AppendLine();
            foreach (var change in group)
            {
                block.AppendLine($"- {TextReport.Label(change.Kind)} `{Code(change.Address)}`");
                foreach (var line in TextReport.AttributeLines(change))
                {
                    block.AppendLine($"  - `{Code(line)}`");
                }
            }

            block.AppendLine();
            if (details.Length + block.Length > budget)
            {
                cut += group.Count();
                continue;
            }

            details.Append(block);
        }

        if (cut > 0)
        {
            details.AppendLine($"*{cut} more changed resource(s) left out to keep this comment under GitHub's limit: run `make review` for all of them.*");
        }

        var markdown = head.ToString() + details + closing + tail;
        return markdown.Length <= MaxLength ? markdown : markdown[..(MaxLength - 40)] + "\n\n*(cut at the comment limit)*\n";
    }

    // Text outside code: no HTML, no Markdown emphasis or links from plan values.
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)
        .Replace("`", "'", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    // The verdict with the ALLOW= it suggests in a code span: escaped as text, the raw comment held aws\_x inside the
    // shell's single quotes, where the backslash stays (pasted from the raw Markdown, it matched nothing).
    private static string VerdictMarkdown(string verdict)
    {
        const string Suffix = ": fix ALLOW (exit 2)";
        var at = verdict.LastIndexOf("ALLOW=", StringComparison.Ordinal);
        if (at < 0)
        {
            return Escape(verdict);
        }

        var end = verdict.EndsWith(Suffix, StringComparison.Ordinal) ? verdict.Length - Suffix.Length : verdict.Length;
        return end <= at ? Escape(verdict) : $"{Escape(verdict[..at])}`{Code(verdict[at..end])}`{Escape(verdict[end..])}";
    }

    // Inside a code span: a backtick would end it, a newline would break the list.
    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
