namespace EdgeRouter.Webfinger.Configuration;

/// <summary>A <c>WEBFINGER_CONFIG</c> that cannot be used. The message starts with the field it is about, e.g.
/// <c>mastodon.host: must be a bare host name, got "https://x"</c>.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public ConfigException(string field, string problem)
        : base(field + ": " + problem)
    {
        Field = field;
    }

    /// <summary>The field the problem is in, as a path: <c>mastodon.accounts[1]</c>, <c>resources["acct:x@y"].subject</c>.</summary>
    public string Field { get; }
}
