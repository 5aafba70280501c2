using System.Net;
using System.Text.RegularExpressions;

namespace EdgeRouter.Webfinger.Tests.Support;

/// <summary>A strict RFC 3986 (Appendix A) recogniser for absolute URIs: every character outside the grammar, a bad
/// percent-escape or a malformed authority fails. System.Uri is no judge here: it accepts and silently escapes
/// characters the grammar excludes.</summary>
internal static partial class Rfc3986
{
    private const string Unreserved = @"A-Za-z0-9\-._~";
    private const string SubDelims = @"!$&'()*+,;=";
    private const string Pct = "%[0-9A-Fa-f]{2}";
    private const string PChar = "(?:[" + Unreserved + SubDelims + ":@]|" + Pct + ")";
    private const string RegName = "(?:[" + Unreserved + SubDelims + "]|" + Pct + ")*";
    private const string UserInfo = "(?:[" + Unreserved + SubDelims + ":]|" + Pct + ")*";
    private const string IpLiteral = @"\[(?<ip>[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\.[" + Unreserved + SubDelims + @":]+)\]";
    private const string Authority = "(?:" + UserInfo + "@)?(?:" + IpLiteral + "|" + RegName + ")(?::[0-9]*)?";
    private const string Hier = "(?://" + Authority + "(?:/" + PChar + "*)*|/(?:" + PChar + "+(?:/" + PChar + "*)*)?|" + PChar + "+(?:/" + PChar + "*)*|)";
    private const string Query = "(?:" + PChar + "|[/?])*";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:" + Hier + "(?:\\?" + Query + ")?(?:#" + Query + ")?$", RegexOptions.CultureInvariant)]
    private static partial Regex Uri();

    /// <summary>True when <paramref name="value"/> is an RFC 3986 URI.</summary>
    public static bool IsUri(string value)
    {
        var m = Uri().Match(value);
        if (!m.Success)
        {
            return false;
        }

        var ip = m.Groups["ip"];
        return !ip.Success || ip.Value.StartsWith('v') || (IPAddress.TryParse(ip.Value, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);
    }
}
