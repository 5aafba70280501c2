using System.Text.RegularExpressions;

namespace EdgeRouter.Naming;

/// <summary>
/// How one kind of name the stack builds is made: a fixed <paramref name="Prefix"/> and <paramref name="Suffix"/>
/// around the site's key (the site bucket name, plus an environment when there is one), within AWS's
/// <paramref name="MaxLength"/> for that kind of object. <c>README.md</c> beside this file lists AWS's rule for each.
/// </summary>
/// <param name="Key">The member of <c>local.resource_names</c> that holds the name.</param>
/// <param name="Prefix">Written before the key, e.g. <c>webfinger-</c>.</param>
/// <param name="Suffix">Written after the key, e.g. <c>-index-rewrite</c>.</param>
/// <param name="MaxLength">AWS's longest name for the object.</param>
/// <param name="Allowed">AWS's characters for the name, as a .NET regex of the whole name (tests check it).</param>
public sealed partial record NameRule(string Key, string Prefix, string Suffix, int MaxLength, string Allowed)
{
    /// <summary>Characters of the short hash a shortened name carries: 8 hexadecimal digits, 32 bits.</summary>
    public const int HashLength = 8;

    /// <summary>Characters of the site key a shortened name keeps: the rest of the limit after the hash and its '-'.</summary>
    public int KeptKeyLength => MaxLength - Prefix.Length - Suffix.Length - HashLength - 1;

    /// <summary>
    /// The name as a Terraform expression (no <c>${}</c>) over <paramref name="key"/>, an expression of the site key.
    /// A name that fits is the readable <c>prefix + key + suffix</c>, unchanged; a longer one keeps the start of the
    /// key and adds <c>-</c> and the first 8 hex digits of the SHA-256 of the whole key, so two keys that share a
    /// long start still get different names (unless their hashes collide: odds 2^-32 for one pair).
    /// </summary>
    public string Expression(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        // format() rather than a nested "${…}" template: the expression goes into one; the fixed parts are plain
        // characters (no '%'), so format only ever substitutes the key.
        if (!FixedPart().IsMatch(Prefix) || !FixedPart().IsMatch(Suffix) || KeptKeyLength < 1)
        {
            throw new ArgumentException($"name rule {Key}: prefix and suffix must be plain name characters and leave room for the key");
        }

        var full = $"format(\"{Prefix}%s{Suffix}\", {key})";
        var shortened = $"format(\"{Prefix}%s-%s{Suffix}\", substr({key}, 0, {KeptKeyLength}), substr(sha256({key}), 0, {HashLength}))";
        return $"length({full}) <= {MaxLength} ? {full} : {shortened}";
    }

    [GeneratedRegex("^[A-Za-z0-9_/-]*$")]
    private static partial Regex FixedPart();
}
