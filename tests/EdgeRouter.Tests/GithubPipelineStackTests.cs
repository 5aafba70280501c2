using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;
using EdgeRouter.Pipeline;

namespace EdgeRouter.Tests;

public sealed class GithubPipelineFixture
{
    public static readonly GithubPipelineSettings Settings = new()
    {
        Repository = "acme/example-site",
        ApplyEnvironments = ["staging", "production"],
    };

    public SynthesizedStack Stack { get; } = SynthesizedStack.Parse(Testing.Synth(new GithubPipelineStack(Testing.App(),
        GithubPipelineSettings.StackName, Settings, new RemoteStateSettings { Bucket = "acme-tfstate", Key = "edge-router/edge.tfstate" },
        "../../../state/edge-router-github.tfstate")));
}

/// <summary>
/// The GitHub pipeline's AWS side (githubRepository): the OIDC identity provider, the plan and apply roles with
/// trust in exactly one repository, their scoped permissions, and guardrail ER020 on broken copies.
/// </summary>
public sealed class GithubPipelineStackTests(GithubPipelineFixture fixture) : IClassFixture<GithubPipelineFixture>
{
    private const string TokenHost = "token.actions.githubusercontent.com";

    private JsonObject Document(string name) => fixture.Stack.DataSources("aws_iam_policy_document").Single(d => d.Key == name).Value;

    private static JsonObject StatementNamed(JsonObject document, string sid) =>
        document["statement"]!.AsArray().OfType<JsonObject>().Single(s => (string?)s["sid"] == sid);

    [Fact]
    public void Its_state_is_local_in_the_state_folder_and_it_needs_terraform_1_11()
    {
        JsonAssert.Equal("""{"local":{"path":"../../../state/edge-router-github.tfstate"}}""", fixture.Stack.Document["terraform"]!["backend"]);
        Assert.Equal(">= 1.11.0", fixture.Stack.Document["terraform"]!["required_version"]!.ToString());
    }

    [Fact]
    public void The_identity_provider_is_githubs_with_the_sts_audience_and_no_thumbprint() =>
        JsonAssert.Equal("""{"client_id_list":["sts.amazonaws.com"],"url":"https://token.actions.githubusercontent.com"}""",
            JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_iam_openid_connect_provider")));

    [Fact]
    public void The_plan_role_trusts_this_repositorys_pull_requests_and_default_branch_exactly() =>
        JsonAssert.Equal($$"""
            {"actions":["sts:AssumeRoleWithWebIdentity"],
             "condition":[{"test":"StringEquals","values":["sts.amazonaws.com"],"variable":"{{TokenHost}}:aud"},
                          {"test":"StringEquals","values":["repo:acme/example-site:pull_request","repo:acme/example-site:ref:refs/heads/main"],"variable":"{{TokenHost}}:sub"}],
             "effect":"Allow","principals":[{"identifiers":["${aws_iam_openid_connect_provider.github.arn}"],"type":"Federated"}],
             "sid":"GithubActionsOfThisRepositoryOnly"}
            """, Document("plan_trust")["statement"]![0]);

    [Fact]
    public void The_apply_role_trusts_only_jobs_in_the_apply_environments() =>
        JsonAssert.Equal($$"""
            [{"test":"StringEquals","values":["sts.amazonaws.com"],"variable":"{{TokenHost}}:aud"},
             {"test":"StringEquals","values":["repo:acme/example-site:environment:staging","repo:acme/example-site:environment:production"],"variable":"{{TokenHost}}:sub"}]
            """, Document("apply_trust")["statement"]![0]!["condition"]);

    [Fact]
    public void Roles_are_named_after_a_hash_of_the_repository_and_last_an_hour_at_most()
    {
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("acme/example-site"u8))[..8];
        var roles = fixture.Stack.Resources("aws_iam_role").ToDictionary(r => r.Key, r => r.Value);
        Assert.Equal($"edge-router-plan-{suffix}", roles["plan_role"]["name"]!.ToString());
        Assert.Equal($"edge-router-apply-{suffix}", roles["apply_role"]["name"]!.ToString());
        Assert.All(roles.Values, r => Assert.Equal(3600, (int)r["max_session_duration"]!));
        Assert.Equal("${data.aws_iam_policy_document.plan_trust.json}", roles["plan_role"]["assume_role_policy"]!.ToString());
    }

    [Fact]
    public void The_plan_role_reads_and_locks_the_state_and_writes_nothing_else()
    {
        var plan = Document("plan_permissions");
        JsonAssert.Equal("""{"actions":["s3:GetObject"],"effect":"Allow","resources":["arn:aws:s3:::acme-tfstate/edge-router/*"],"sid":"ReadState"}""",
            StatementNamed(plan, "ReadState"));
        JsonAssert.Equal("""{"actions":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"effect":"Allow","resources":["arn:aws:s3:::acme-tfstate/edge-router/*.tflock"],"sid":"HoldStateLock"}""",
            StatementNamed(plan, "HoldStateLock"));
        var writes = plan["statement"]!.AsArray().OfType<JsonObject>().Where(s => (string?)s["sid"] != "HoldStateLock")
            .SelectMany(s => s["actions"]!.AsArray().Select(a => a!.ToString()))
            .Where(a => !System.Text.RegularExpressions.Regex.IsMatch(a, "^[a-z0-9-]+:(Get|List|Describe)|^apigateway:GET$"));
        Assert.Empty(writes);
    }

    [Fact]
    public void The_apply_role_writes_only_named_buckets_router_names_and_this_accounts_cloudfront_and_never_deletes_a_bucket()
    {
        var apply = Document("apply_permissions");
        Assert.Equal("${formatlist(\"arn:aws:s3:::%s/*\", var.site_bucket_names)}", StatementNamed(apply, "PublishSite")["resources"]!.ToString());
        JsonAssert.Equal("""["arn:aws:lambda:*:${local.account_id}:function:webfinger-*"]""", StatementNamed(apply, "ManageRouterFunction")["resources"]);
        JsonAssert.Equal("""["arn:aws:iam::${local.account_id}:role/webfinger-*"]""", StatementNamed(apply, "PassRouterRoleToLambdaOnly")["resources"]);
        JsonAssert.Equal("""[{"test":"StringEquals","values":["lambda.amazonaws.com"],"variable":"iam:PassedToService"}]""",
            StatementNamed(apply, "PassRouterRoleToLambdaOnly")["condition"]);
        var deny = StatementNamed(apply, "NeverDeleteTheBuckets");
        Assert.Equal("Deny", deny["effect"]!.ToString());
        JsonAssert.Equal("""["s3:DeleteBucket"]""", deny["actions"]);
        Assert.Contains("arn:aws:s3:::acme-tfstate", deny["resources"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("${element(split(\":\", aws_iam_openid_connect_provider.github.arn), 4)}",
            fixture.Stack.Document["locals"]!["account_id"]!.ToString());
    }

    [Fact]
    public void The_apply_role_cannot_write_iam_permissions_so_it_cannot_make_itself_an_administrator()
    {
        // The escalation this refuses: iam:CreateRole webfinger-evil trusting the apply role, iam:PutRolePolicy
        // {"Action":"*","Resource":"*"} on it, sts:AssumeRole (a same-account trust naming the caller needs no Allow).
        var apply = Document("apply_permissions");
        var allowed = apply["statement"]!.AsArray().OfType<JsonObject>().Where(s => (string?)s["effect"] == "Allow")
            .SelectMany(s => s["actions"]!.AsArray().Select(a => (string)a!)).ToList();
        foreach (var action in new[] { "iam:CreateRole", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy",
            "iam:DeleteRolePermissionsBoundary", "sts:AssumeRole" })
        {
            Assert.DoesNotContain(action, allowed);
        }
        JsonAssert.Equal("""["iam:UpdateRole","iam:TagRole","iam:UntagRole","iam:ListInstanceProfilesForRole"]""",
            StatementNamed(apply, "TagRouterRole")["actions"]);
        var deny = StatementNamed(apply, "NeverWriteIamPermissions");
        Assert.Equal("Deny", deny["effect"]!.ToString());
        JsonAssert.Equal("""["*"]""", deny["resources"]);
        var denied = deny["actions"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Contains("iam:CreateRole", denied);
        Assert.Contains("iam:PutRolePolicy", denied);
        Assert.Contains("iam:UpdateAssumeRolePolicy", denied);
        Assert.Contains("iam:AttachRolePolicy", denied);
        Assert.Contains("iam:CreatePolicyVersion", denied);
    }

    [Fact]
    public void A_repository_with_githubs_immutable_subject_is_trusted_as_the_token_names_it_and_passes_ER020()
    {
        // Repositories created after 15 July 2026 get sub = repo:owner@OWNER_ID/name@REPO_ID:…; owner/name matches none.
        var settings = new GithubPipelineSettings { Repository = "acme@123456/site@789012", ApplyEnvironments = ["production"] }.Validate();
        Assert.Equal(new[] { "repo:acme@123456/site@789012:pull_request", "repo:acme@123456/site@789012:ref:refs/heads/main" }, settings.PlanSubjects);
        var stack = SynthesizedStack.Parse(Testing.Synth(new GithubPipelineStack(Testing.App(), GithubPipelineSettings.StackName, settings,
            new RemoteStateSettings { Bucket = "acme-tfstate", Key = "edge.tfstate" }, "../../../state/edge-router-github.tfstate")));
        JsonAssert.Equal("""["repo:acme@123456/site@789012:environment:production"]""",
            Trust(stack, "apply_trust")["condition"]![1]!["values"]);
        Assert.Empty(new CiRolesTrustOneRepository().Check(stack));
        var values = Trust(stack, "apply_trust")["condition"]![1]!["values"]!.AsArray();
        values.Add("repo:acme@123456/other@1:environment:production");
        Assert.Contains("names more than one repository", Assert.Single(new CiRolesTrustOneRepository().Check(stack)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stack_passes_every_guardrail() => Assert.Empty(GuardrailSet.Check(fixture.Stack, new Dictionary<string, string>()));

    [Fact]
    public void The_site_bucket_names_variable_is_required_and_validated_through_terraform()
    {
        using var terraform = new Terraform(fixture.Stack.Document["variable"]!);
        var (code, output) = terraform.Plan("-var=site_bucket_names=[\"Not_A_Bucket\"]");
        Assert.True(code != 0, output);
        Assert.Contains("site_bucket_names must list 1 to 10 S3 bucket names", output.Replace("\n", " ", StringComparison.Ordinal));
        (code, output) = terraform.Plan("-var=site_bucket_names=[\"example-com-site\"]", "-var=route53_zone_ids=[\"example.com\"]");
        Assert.True(code != 0, output);
        Assert.Contains("route53_zone_ids must list hosted zone IDs", output.Replace("\n", " ", StringComparison.Ordinal));
        (code, output) = terraform.Plan("-var=site_bucket_names=[\"example-com-site\"]");
        Assert.True(code == 0, output);
    }

    private SynthesizedStack Copy() => new((JsonObject)fixture.Stack.Document.DeepClone());

    private static JsonObject Trust(SynthesizedStack stack, string name) =>
        stack.DataSources("aws_iam_policy_document").Single(d => d.Key == name).Value["statement"]![0]!.AsObject();

    [Theory]
    [InlineData("repo:acme/*:pull_request", "is not an exact repo:owner/name:… claim without wildcards")]
    [InlineData("repo:*", "is not an exact repo:owner/name:… claim without wildcards")]
    [InlineData("repo:other/site:pull_request", "names more than one repository")]
    public void ER020_fails_on_a_wildcard_or_second_repository_in_the_subject(string claim, string problem)
    {
        var stack = Copy();
        var values = Trust(stack, "plan_trust")["condition"]![1]!["values"]!.AsArray();
        values.Add(claim);
        var violation = Assert.Single(new CiRolesTrustOneRepository().Check(stack));
        Assert.Equal(("ER020", "aws_iam_role.plan_role"), (violation.RuleId, violation.Where));
        Assert.Contains(problem, violation.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ER020_fails_on_string_like_on_a_missing_subject_and_on_a_wrong_audience()
    {
        var stack = Copy();
        Trust(stack, "apply_trust")["condition"]![1]!["test"] = "StringLike";
        Assert.Contains("StringLike", Assert.Single(new CiRolesTrustOneRepository().Check(stack)).Problem, StringComparison.Ordinal);

        stack = Copy();
        Trust(stack, "apply_trust")["condition"]!.AsArray().RemoveAt(1);
        Assert.Contains("every GitHub repository could assume it", Assert.Single(new CiRolesTrustOneRepository().Check(stack)).Problem, StringComparison.Ordinal);

        stack = Copy();
        Trust(stack, "apply_trust")["condition"]![0]!["values"] = new JsonArray("sigstore");
        Assert.Contains("audience", Assert.Single(new CiRolesTrustOneRepository().Check(stack)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ER020_fails_on_a_service_wildcard_or_a_write_on_every_resource()
    {
        var stack = Copy();
        var statements = stack.DataSources("aws_iam_policy_document").Single(d => d.Key == "apply_permissions").Value["statement"]!.AsArray();
        ((JsonObject)statements.OfType<JsonObject>().Single(s => (string?)s["sid"] == "ManageRouterFunction"))["actions"] = new JsonArray("lambda:*");
        Assert.Contains("every action of a service", Assert.Single(new CiRolesTrustOneRepository().Check(stack)).Problem, StringComparison.Ordinal);

        stack = Copy();
        statements = stack.DataSources("aws_iam_policy_document").Single(d => d.Key == "apply_permissions").Value["statement"]!.AsArray();
        ((JsonObject)statements.OfType<JsonObject>().Single(s => (string?)s["sid"] == "ManageRouterFunction"))["resources"] = new JsonArray("*");
        Assert.Contains("grants lambda:CreateFunction on every resource", Assert.Single(new CiRolesTrustOneRepository().Check(stack)).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme/*", "has a wildcard")]
    [InlineData("*/*", "has a wildcard")]
    [InlineData("acme", "is not a GitHub repository as owner/name")]
    [InlineData("acme/site/extra", "is not a GitHub repository as owner/name")]
    [InlineData("-acme/site", "is not a GitHub repository as owner/name")]
    [InlineData("acme/..", "is not a GitHub repository as owner/name")]
    [InlineData("ac me/site", "is not a GitHub repository as owner/name")]
    [InlineData("acme@123/site", "has the ID of one part only")]
    [InlineData("acme/site@456", "has the ID of one part only")]
    [InlineData("acme@/site@456", "is not a GitHub repository as owner/name")]
    [InlineData("acme@12/..@34", "is not a GitHub repository as owner/name")]
    [InlineData("acme@0x1/site@2", "is not a GitHub repository as owner/name")]
    public void A_repository_that_is_not_exactly_one_is_refused_naming_the_setting(string repository, string problem)
    {
        var error = Assert.Throws<SettingsException>(() => new GithubPipelineSettings { Repository = repository }.Validate());
        Assert.StartsWith("githubRepository (EDGE_ROUTER_GITHUB_REPOSITORY): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "prod*" }, "is not a GitHub environment name")]
    [InlineData(new[] { "a:b" }, "is not a GitHub environment name")]
    [InlineData(new[] { "Production", "production" }, "is listed twice")]
    [InlineData(new string[0], "give 1 to 10 GitHub environments")]
    public void Apply_environments_that_could_widen_the_trust_are_refused(string[] environments, string problem)
    {
        var error = Assert.Throws<SettingsException>(() =>
            new GithubPipelineSettings { Repository = "acme/site", ApplyEnvironments = environments }.Validate());
        Assert.StartsWith("githubApplyEnvironments (EDGE_ROUTER_GITHUB_APPLY_ENVIRONMENTS): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_provider_is_used_and_must_be_githubs()
    {
        var error = Assert.Throws<SettingsException>(() => new GithubPipelineSettings
        {
            Repository = "acme/site",
            ExistingOidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/accounts.google.com",
        }.Validate());
        Assert.Contains("is not the ARN of a GitHub OIDC provider", error.Message, StringComparison.Ordinal);

        var stack = SynthesizedStack.Parse(Testing.Synth(new GithubPipelineStack(Testing.App(), GithubPipelineSettings.StackName,
            new GithubPipelineSettings { Repository = "acme/site", ExistingOidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
            new RemoteStateSettings { Bucket = "acme-tfstate" }, "x.tfstate")));
        Assert.Empty(stack.Resources("aws_iam_openid_connect_provider"));
        Assert.Contains("arn:aws:lambda:*:123456789012:function:webfinger-*",
            stack.DataSources("aws_iam_policy_document").Single(d => d.Key == "apply_permissions").Value.ToJsonString(), StringComparison.Ordinal);
    }
}
