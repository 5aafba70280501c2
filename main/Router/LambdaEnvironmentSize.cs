namespace EdgeRouter.Router;

/// <summary>
/// Lambda's 4 KB limit on a function's environment variables, measured the way Lambda measures it, as a Terraform
/// expression: so that <c>terraform plan</c> refuses exactly what <c>apply</c> would fail on.
/// </summary>
/// <remarks>
/// Lambda counts the bytes of the JSON of the whole variables map: <c>{"NAME":"value",...}</c>, keys, quotes, commas
/// and escapes included, UTF-8. A value that is itself JSON (WEBFINGER_CONFIG) has every <c>"</c> and <c>\</c> escaped
/// again, so it costs more than its length. Lambda's error shows the string it measured; it escapes only what JSON
/// must (<c>"</c>, <c>\</c>, control characters) and writes everything else as UTF-8.
/// <para>
/// Terraform's <c>jsonencode</c> writes the same JSON (Go's encoder: the same short escapes for control characters,
/// UTF-8 for the rest) except that it also escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as <c>\u003c</c> (6 bytes for
/// 1) and U+2028, U+2029 as <c>\u2028</c> (6 bytes for 3). And <c>length()</c> counts characters, not bytes. So the
/// expression counts the bytes of <c>jsonencode(map)</c> through <c>base64encode</c> (4 characters per 3 bytes, less
/// the padding), then takes off 5 bytes for each <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> and 3 for each U+2028 U+2029 in
/// the names and values. The tests compare it with an independent count of Lambda's JSON through the real terraform.
/// </para>
/// </remarks>
public static class LambdaEnvironmentSize
{
    /// <summary>Lambda's limit on all environment variables together, in bytes of their JSON.</summary>
    public const int LimitBytes = 4096;

    /// <summary>
    /// A Terraform expression (without <c>${}</c>) for the number of bytes Lambda counts for
    /// <paramref name="environment"/>: variable name to the Terraform expression of its value (without <c>${}</c>).
    /// </summary>
    public static string Expression(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Count == 0)
        {
            return "2"; // {}
        }

        var map = "{ " + string.Join(", ", environment.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"\"{p.Key}\" = {p.Value}")) + " }";
        var base64 = $"base64encode(jsonencode({map}))";
        var text = $"join(\"\", concat(keys({map}), values({map})))";
        return $"(length({base64}) / 4 * 3 - length(regexall(\"=\", {base64}))" +
            $" - 5 * length(regexall(\"[<>&]\", {text}))" +
            $" - 3 * length(regexall(\"[\\u2028\\u2029]\", {text})))";
    }

    /// <summary>The precondition's condition (with <c>${}</c>): the measured size is at most <see cref="LimitBytes"/>.</summary>
    public static string Condition(IReadOnlyDictionary<string, string> environment) =>
        $"${{{Expression(environment)} <= {LimitBytes}}}";
}
