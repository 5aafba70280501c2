namespace EdgeRouter.PlanTests;

/// <summary>
/// The GitHub pipeline's stack (githubRepository set) through real terraform init and plan: with the
/// identity provider the stack creates, and with an existing one named, where the account is known at plan and
/// the planned trust and permission policies can be read whole.
/// </summary>
[Collection(PlanCollection.Name)]
public sealed class GithubPipelinePlanTests(PlanFixture fixture)
{
    private const string Repository = "acme/example-site";
    private const string ExistingProvider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

    private static readonly StackShape NewProvider = new("github", new Dictionary<string, string>
    {
        ["EDGE_ROUTER_GITHUB_REPOSITORY"] = Repository,
        ["EDGE_ROUTER_GITHUB_APPLY_ENVIRONMENTS"] = "staging,production",
    });

    private static readonly StackShape NamedProvider = new("github-existing-provider", new Dictionary<string, string>
    {
        ["EDGE_ROUTER_GITHUB_REPOSITORY"] = Repository,
        ["EDGE_ROUTER_GITHUB_OIDC_PROVIDER_ARN"] = ExistingProvider,
    });

    private static readonly VariableSet Buckets = new("buckets", new Dictionary<string, string>
    {
        ["site_bucket_names"] = """["example-com-site","staging-example-com-site"]""",
        ["route53_zone_ids"] = """["Z0123456789ABCDEFGHIJ"]""",
    });

    public static IEnumerable<PlanCase> Cases =>
    [
        new PlanCase(NewProvider, Stacks.Github, StackFormat.Json, Buckets),
        new PlanCase(NamedProvider, Stacks.Github, StackFormat.Json, Buckets),
    ];

    [Fact]
    public async Task With_a_new_provider_it_plans_the_provider_two_roles_their_policies_and_nothing_else()
    {
        var plan = await fixture.Runner.Plan(Cases.First());

        Assert.True((bool?)plan.Document["errored"] == false, plan.Log);
        Assert.Empty(plan.Warnings);
        Assert.Equal(
            ["aws_iam_openid_connect_provider.github", "aws_iam_role.apply_role", "aws_iam_role.plan_role",
                "aws_iam_role_policy.apply_policy", "aws_iam_role_policy.plan_policy"],
            plan.ResourceAddresses);
        // Managed resources only: the policy documents are data sources, read at apply once the provider's ARN is known.
        Assert.All(plan.Actions.Where(a => !a.Key.StartsWith("data.", StringComparison.Ordinal)).Select(a => a.Value),
            actions => Assert.Equal(["create"], actions));
        Assert.Equal(["apply_role_arn", "plan_role_arn"], plan.OutputNames);
        var provider = plan.Single("aws_iam_openid_connect_provider")["values"]!;
        Assert.Equal("https://token.actions.githubusercontent.com", (string?)provider["url"]);
        Assert.Equal(["sts.amazonaws.com"], ((JsonArray)provider["client_id_list"]!).Select(v => (string)v!));
        var roles = plan.Resources("aws_iam_role").ToDictionary(r => (string)r["address"]!, r => r["values"]!);
        Assert.StartsWith("edge-router-plan-", (string?)roles["aws_iam_role.plan_role"]["name"], StringComparison.Ordinal);
        Assert.StartsWith("edge-router-apply-", (string?)roles["aws_iam_role.apply_role"]["name"], StringComparison.Ordinal);
        Assert.All(roles.Values, r => Assert.Equal(3600, (int)r["max_session_duration"]!));
    }

    [Fact]
    public async Task With_a_named_provider_the_planned_trust_names_one_repository_exactly()
    {
        var plan = await fixture.Runner.Plan(Cases.Last());

        Assert.True((bool?)plan.Document["errored"] == false, plan.Log);
        Assert.Empty(plan.Warnings);
        Assert.DoesNotContain(plan.ResourceAddresses, a => a.StartsWith("aws_iam_openid_connect_provider", StringComparison.Ordinal));
        var roles = plan.Resources("aws_iam_role").ToDictionary(r => (string)r["address"]!, r => r["values"]!);
        var planTrust = JsonNode.Parse((string)roles["aws_iam_role.plan_role"]["assume_role_policy"]!)!["Statement"]![0]!;
        Assert.Equal(ExistingProvider, (string?)planTrust["Principal"]!["Federated"]);
        Assert.Equal("sts.amazonaws.com", (string?)planTrust["Condition"]!["StringEquals"]!["token.actions.githubusercontent.com:aud"]);
        Assert.Equal(
            ["repo:acme/example-site:pull_request", "repo:acme/example-site:ref:refs/heads/main"],
            ((JsonArray)planTrust["Condition"]!["StringEquals"]!["token.actions.githubusercontent.com:sub"]!).Select(v => (string)v!).Order());
        var applyTrust = JsonNode.Parse((string)roles["aws_iam_role.apply_role"]["assume_role_policy"]!)!["Statement"]![0]!;
        Assert.Equal("repo:acme/example-site:environment:production",
            (string?)applyTrust["Condition"]!["StringEquals"]!["token.actions.githubusercontent.com:sub"]);
        Assert.Null(applyTrust["Condition"]!["StringLike"]);
    }

    [Fact]
    public async Task With_a_named_provider_the_planned_apply_policy_scopes_every_write_to_the_account_and_the_named_buckets()
    {
        var plan = await fixture.Runner.Plan(Cases.Last());

        var policies = plan.Resources("aws_iam_role_policy").ToDictionary(r => (string)r["address"]!, r => r["values"]!);
        var apply = JsonNode.Parse((string)policies["aws_iam_role_policy.apply_policy"]["policy"]!)!["Statement"]!.AsArray()
            .ToDictionary(s => (string)s!["Sid"]!, s => s!);
        Assert.Equal(["arn:aws:s3:::example-com-site/*", "arn:aws:s3:::staging-example-com-site/*"],
            Strings(apply["PublishSite"]!["Resource"]).Order());
        Assert.Contains("arn:aws:lambda:*:123456789012:function:webfinger-*", Strings(apply["ManageRouterFunction"]!["Resource"]));
        Assert.Contains("arn:aws:cloudfront::123456789012:distribution/*", Strings(apply["ManageCloudFront"]!["Resource"]));
        Assert.Equal(["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"], Strings(apply["ManageAliasRecords"]!["Resource"]));
        Assert.Equal("Deny", (string?)apply["NeverDeleteTheBuckets"]!["Effect"]);
        // The policy AWS would receive grants no IAM write that could make the apply role an administrator.
        Assert.Equal("Deny", (string?)apply["NeverWriteIamPermissions"]!["Effect"]);
        Assert.Equal(["*"], Strings(apply["NeverWriteIamPermissions"]!["Resource"]));
        Assert.Contains("iam:PutRolePolicy", Strings(apply["NeverWriteIamPermissions"]!["Action"]));
        Assert.DoesNotContain(apply.Where(s => (string?)s.Value["Effect"] == "Allow").SelectMany(s => Strings(s.Value["Action"])),
            a => a is "iam:CreateRole" or "iam:PutRolePolicy" or "iam:UpdateAssumeRolePolicy" or "iam:AttachRolePolicy");
        foreach (var (sid, statement) in apply.Where(s => (string?)s.Value["Effect"] == "Allow"))
        {
            var resources = Strings(statement["Resource"]).ToList();
            var actions = Strings(statement["Action"]).ToList();
            Assert.True(!resources.Contains("*") || actions.All(a => a.Contains(":List", StringComparison.Ordinal) ||
                a.Contains(":Describe", StringComparison.Ordinal) || a == "apigateway:GET"), $"{sid} writes on *: {string.Join(", ", actions)}");
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(v => (string)v!) : [(string)node!];
}
