using System.Text.RegularExpressions;

namespace EdgeRouter.Webfinger.Contract;

/// <summary>What one configured string must look like. The same rule is checked by the router at start-up (here) and
/// by Terraform at plan time (the stack generates the variable's validation from it, <c>main/Inputs/ContractTerraform</c>),
/// so both say yes to exactly the same values.</summary>
/// <remarks>
/// <para><see cref="Pattern"/> is written in the subset of regular-expression syntax on which .NET and RE2 (Terraform's
/// <c>regex</c>) agree: <c>\A</c> and <c>\z</c> anchors, character classes of literal characters and <c>\xHH</c>
/// escapes, groups, alternation and the usual quantifiers; no <c>.</c>, <c>^</c>/<c>$</c> (.NET's <c>$</c> also matches
/// before a final line break), <c>\s</c>, <c>\d</c>, <c>\w</c> or look-arounds, and no case-insensitive flag. Characters
/// above U+00FF appear as themselves (RE2 writes <c>\x{1680}</c>, .NET <c>\u1680</c>: neither reads the other's).</para>
/// <para><see cref="MaxLength"/> counts UTF-16 code units, as .NET's <c>string.Length</c> does (Terraform computes the
/// same count from code points, counting those above U+FFFF twice).</para>
/// </remarks>
/// <param name="Pattern">The whole value must match; null: any string.</param>
/// <param name="MaxLength">The longest value, in UTF-16 code units; 0: no limit beyond <see cref="Pattern"/>.</param>
/// <param name="NonEmpty">True when "" is refused.</param>
/// <param name="Expected">What the value must be, completing "must be …" in a message, e.g. "a bare lower-case host name
/// such as example.com".</param>
public sealed record TextRule(string? Pattern, int MaxLength, bool NonEmpty, string Expected)
{
    private readonly Regex? _regex = Pattern is null ? null : new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>True when <paramref name="value"/> satisfies the rule.</summary>
    public bool Allows(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (!NonEmpty || value.Length > 0)
            && (MaxLength == 0 || value.Length <= MaxLength)
            && (_regex is null || _regex.IsMatch(value));
    }
}
