namespace EdgeRouter.Inputs;

/// <summary>
/// Values that are valid and work, but not for what this stack is for: a Terraform <c>check</c> block for each,
/// which <c>terraform plan</c> reports as a warning ("Check block assertion failed") without stopping. Combinations
/// that cannot work at all are refused by the variables' own validations instead (<see cref="EdgeInputs"/>,
/// <see cref="SiteFeatureInputs"/>).
/// </summary>
public static class ReachabilityChecks
{
    /// <summary>The check that warns when the distribution has no alias.</summary>
    public const string NoAliasCheck = "aliases_reach_the_router";

    /// <summary>The check that warns when <c>webfinger_domain</c> is not served by the distribution.</summary>
    public const string WebfingerDomainCheck = "webfinger_domain_in_aliases";

    /// <summary>Adds the checks to <paramref name="stack"/>; <paramref name="deploysRouter"/>: the shape with <c>webfinger_domain</c>.</summary>
    public static void Add(TerraformStack stack, bool deploysRouter)
    {
        ArgumentNullException.ThrowIfNull(stack);
        // WebFinger, host-meta and nodeinfo clients ask https://<the account's domain>/.well-known/...; nobody asks a
        // *.cloudfront.net name, so without an alias the router is deployed and never reached.
        var lookedUp = deploysRouter ? "https://${var.webfinger_domain}/.well-known/webfinger" : "https://<your domain>/.well-known/webfinger";
        Add(stack, NoAliasCheck, "${length(var.aliases) > 0}",
            "aliases is empty: the distribution answers only on its *.cloudfront.net name, and WebFinger clients ask " +
            $"{lookedUp}, so no lookup reaches the router. Add your domain to aliases (with acm_certificate_arn covering it).");
        if (!deploysRouter)
        {
            return;
        }

        // The domain itself, or a parent of an alias (example.com beside www.example.com, where the owner may
        // redirect the apex), is what a user means; anything else sends lookups to a host this distribution never sees.
        Add(stack, WebfingerDomainCheck,
            "${length(var.aliases) == 0 || anytrue([for alias in var.aliases : alias == var.webfinger_domain || endswith(alias, format(\".%s\", var.webfinger_domain))])}",
            "webfinger_domain (${var.webfinger_domain}) is neither in aliases nor the parent domain of one: lookups of " +
            "acct:...@${var.webfinger_domain} go to https://${var.webfinger_domain}/.well-known/webfinger, which this " +
            "distribution does not serve. Add ${var.webfinger_domain} to aliases, or correct webfinger_domain.");
    }

    private static void Add(TerraformStack stack, string name, string condition, string message) =>
        stack.AddOverride($"check.{name}", new Dictionary<string, object>
        {
            ["assert"] = new object[]
            {
                new Dictionary<string, object> { ["condition"] = condition, ["error_message"] = message },
            },
        });
}
