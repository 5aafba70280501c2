using Constructs;

namespace EdgeRouter.Inputs;

/// <summary>
/// The variables that configure the webfinger router the stack deploys. Terraform assembles them into the
/// function's <c>WEBFINGER_CONFIG</c> (see <c>Router/WebfingerRouterFunction</c>); the router checks that JSON
/// again when it starts, so a value these validations let through still cannot make it misbehave.
/// </summary>
public sealed class RouterInputs
{
    /// <summary>CloudWatch Logs' allowed retention periods, in days.</summary>
    public static readonly int[] LogRetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public RouterInputs(Construct scope)
    {
        WebfingerDomain = Variables.Create(scope, "webfinger_domain", VariableType.STRING,
            "The domain whose accounts the router answers for: acct:alice@<this>. Usually the root domain, example.com. Required.",
            null,
            ContractTerraform.Validation("webfinger_domain"));

        MastodonHost = Variables.Create(scope, "mastodon_host", VariableType.STRING,
            "Host of the Mastodon server (its WEB_DOMAIN), e.g. mastodon.example.com. Default \"\": no Mastodon redirects.",
            "",
            ContractTerraform.Validation("mastodon_host"));

        MastodonAccounts = Variables.Create(scope, "mastodon_accounts", VariableType.LIST_STRING,
            "Accounts whose lookups go to Mastodon. Default []: every account at webfinger_domain.",
            Array.Empty<string>(),
            ContractTerraform.Validation("mastodon_accounts"));

        OidcIssuer = Variables.Create(scope, "oidc_issuer", VariableType.STRING,
            "OpenID Connect issuer URL answered to issuer lookups, e.g. https://auth.example.com. Default \"\": none.",
            "",
            ContractTerraform.Validation("oidc_issuer"));

        OidcAccounts = Variables.Create(scope, "oidc_accounts", VariableType.LIST_STRING,
            "Accounts that may use the OIDC issuer. Default []: every account at webfinger_domain.",
            Array.Empty<string>(),
            ContractTerraform.Validation("oidc_accounts"));

        WebfingerResources = Variables.Create(scope, "webfinger_resources", VariableType.ANY,
            "Resources answered verbatim: a map from resource URI to its JRD, e.g. { \"acct:carol@example.com\" = " +
            "{ subject = \"acct:carol@example.com\", links = [] } }. Default {}.",
            new Dictionary<string, object>(),
            ContractTerraform.Validation("webfinger_resources"));

        LogRetentionInDays = Variables.Create(scope, "router_log_retention_days", VariableType.NUMBER,
            "How long the router's CloudWatch logs are kept, in days. Default 30.",
            30,
            ($"${{contains([{string.Join(", ", LogRetentionDays)}], var.router_log_retention_days)}}",
                "router_log_retention_days must be one of CloudWatch's periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."));

        ReservedConcurrency = Variables.Create(scope, "router_reserved_concurrency", VariableType.NUMBER,
            "Concurrent executions reserved for (and the most allowed to) the router. Default -1: none reserved; the " +
            "API stage's throttle (50 requests/s, burst 100) bounds it, or with routerOrigin function-url nothing but " +
            "the account's concurrency does (set it there). A reservation is taken from the account's " +
            "concurrency and AWS refuses one that leaves less than 10 unreserved, so on a new account (often a limit " +
            "of 10) any value fails at apply. 0 would stop the router and is refused.",
            -1,
            ("${var.router_reserved_concurrency == -1 || (var.router_reserved_concurrency >= 1 && var.router_reserved_concurrency <= 1000 && floor(var.router_reserved_concurrency) == var.router_reserved_concurrency)}",
                "router_reserved_concurrency must be -1 (no reservation) or a whole number from 1 to 1000."));
        Documents = new WellKnownDocumentInputs(scope);
    }

    /// <summary><c>router_reserved_concurrency</c>.</summary>
    public TerraformVariable ReservedConcurrency { get; }

    /// <summary>The atproto, Matrix and Nostr documents' variables.</summary>
    public WellKnownDocumentInputs Documents { get; }

    /// <summary><c>webfinger_domain</c>.</summary>
    public TerraformVariable WebfingerDomain { get; }

    /// <summary><c>mastodon_host</c>.</summary>
    public TerraformVariable MastodonHost { get; }

    /// <summary><c>mastodon_accounts</c>.</summary>
    public TerraformVariable MastodonAccounts { get; }

    /// <summary><c>oidc_issuer</c>.</summary>
    public TerraformVariable OidcIssuer { get; }

    /// <summary><c>oidc_accounts</c>.</summary>
    public TerraformVariable OidcAccounts { get; }

    /// <summary><c>webfinger_resources</c>.</summary>
    public TerraformVariable WebfingerResources { get; }

    /// <summary><c>router_log_retention_days</c>.</summary>
    public TerraformVariable LogRetentionInDays { get; }

    /// <summary>
    /// The router's <c>WEBFINGER_CONFIG</c> as a Terraform expression (without the <c>${}</c>). An omitted section
    /// is null, which the router reads as absent.
    /// </summary>
    public string ConfigExpression =>
        "jsonencode({" +
        $"domain = {Variables.Reference(WebfingerDomain)}, " +
        $"mastodon = {Variables.Reference(MastodonHost)} == \"\" ? null : {{ host = {Variables.Reference(MastodonHost)}, accounts = {Variables.Reference(MastodonAccounts)} }}, " +
        $"oidc = {Variables.Reference(OidcIssuer)} == \"\" ? null : {{ issuer = {Variables.Reference(OidcIssuer)}, accounts = {Variables.Reference(OidcAccounts)} }}, " +
        Documents.ConfigMembers +
        $"resources = {Variables.Reference(WebfingerResources)}" +
        "})";
}
