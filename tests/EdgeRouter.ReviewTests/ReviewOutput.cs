using System.Text.RegularExpressions;

namespace EdgeRouter.ReviewTests;

/// <summary>The findings a text review printed: its lines <c>  RVnnn STATE address</c>.</summary>
public static partial class ReviewOutput
{
    /// <summary>(rule, state, address) of every finding line, in order.</summary>
    public static IReadOnlyList<string> Findings(string text) =>
        [.. FindingLine().Matches(text).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}")];

    [GeneratedRegex(@"^  (RV\d{3}) (BLOCKING|acknowledged|notice) +(\S+)$", RegexOptions.Multiline)]
    private static partial Regex FindingLine();
}
