namespace EdgeRouter.Webfinger.Contract;

/// <summary>Names a configuration problem the way the user wrote the value: by the Terraform variable
/// (<c>oidc_issuer</c>, <c>webfinger_resources["acct:x"].links[0]</c>) when Terraform assembled the configuration,
/// by the JSON member (<c>oidc.issuer</c>) when the user wrote the JSON (the local edge's webfinger.local.json, a
/// configuration for an existing API).</summary>
public static class ConfigNames
{
    /// <summary>The environment variable the stack sets to <see cref="Terraform"/> beside <c>WEBFINGER_CONFIG</c>.</summary>
    public const string SourceVariable = "WEBFINGER_CONFIG_SOURCE";

    /// <summary><see cref="SourceVariable"/>'s value when the stack's variables are the source.</summary>
    public const string Terraform = "terraform";

    /// <summary><paramref name="jsonPath"/> (<c>resources["k"].subject</c>) in Terraform's names
    /// (<c>webfinger_resources["k"].subject</c>); a path no variable makes is returned as it is.</summary>
    public static string ToVariable(string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(jsonPath);
        ConfigVariable? best = null;
        foreach (var v in ConfigRules.Variables)
        {
            if (jsonPath.StartsWith(v.JsonPath, StringComparison.Ordinal)
                && (jsonPath.Length == v.JsonPath.Length || jsonPath[v.JsonPath.Length] is '.' or '[' or ':')
                && (best is null || v.JsonPath.Length > best.JsonPath.Length))
            {
                best = v;
            }
        }

        return best is null ? jsonPath : best.Variable + jsonPath[best.JsonPath.Length..];
    }

    /// <summary>A message "path: problem" with its path renamed by <see cref="ToVariable"/>.</summary>
    public static string Rename(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ToVariable(message);
    }
}
