using Constructs;
using EdgeRouter.Configuration;

namespace EdgeRouter.Pipeline;

/// <summary>
/// The AWS side of the GitHub pipeline (.github/workflows/edge-router.yml): the account's GitHub OIDC identity
/// provider and two roles that GitHub Actions assumes with short-lived tokens, so no AWS key is ever stored in
/// GitHub. The plan role trusts this repository's pull requests and its default branch; the apply role trusts only
/// jobs running in the listed GitHub environments, whose protection rules (required reviewers) GitHub enforces.
/// Synthesized only when <c>githubRepository</c> is set. Like the state stack, its state is local, in the state
/// folder: it is applied once, by a person with administrator rights, before the pipeline can run.
/// </summary>
public sealed class GithubPipelineStack : TerraformStack
{
    /// <summary>The state file's name in the state folder.</summary>
    public const string StateFileName = "edge-router-github.tfstate";

    /// <summary>Creates the identity provider (unless one is named) and the two roles.</summary>
    /// <param name="scope">The app.</param>
    /// <param name="id">The stack's name (<see cref="GithubPipelineSettings.StackName"/>).</param>
    /// <param name="settings">The repository and environments, validated.</param>
    /// <param name="state">Where the edge stacks keep their state (the roles read and lock it).</param>
    /// <param name="localStatePath">This stack's own state file, relative to its stack folder.</param>
    public GithubPipelineStack(Construct scope, string id, GithubPipelineSettings settings, RemoteStateSettings state, string localStatePath)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        if (!settings.Validate().Enabled)
        {
            throw new ArgumentException("the pipeline stack needs githubRepository", nameof(settings));
        }

        _ = new LocalBackend(this, new LocalBackendConfig { Path = localStatePath });
        AddOverride("terraform.required_version", State.RemoteState.RequiredTerraformVersion);
        _ = ProjectProvider.Create(this, state.Region);

        var siteBuckets = Inputs.Variables.Create(this, "site_bucket_names", VariableType.LIST_STRING,
            "The site bucket of every environment the pipeline deploys (site_bucket_name of each variables file). Required.",
            null,
            ("${length(var.site_bucket_names) > 0 && length(var.site_bucket_names) <= 10 && alltrue([for b in var.site_bucket_names : can(regex(\"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$\", b))])}",
                "site_bucket_names must list 1 to 10 S3 bucket names (3-63 lower-case letters, digits and hyphens), the site_bucket_name of each environment."));
        _ = Inputs.Variables.Create(this, "route53_zone_ids", VariableType.LIST_STRING,
            "The Route 53 hosted zones the edge stacks write alias records in (route53_zone_id of each variables file). Default none.",
            Array.Empty<string>(),
            ("${alltrue([for z in var.route53_zone_ids : can(regex(\"^Z[A-Z0-9]{1,31}$\", z))])}",
                "route53_zone_ids must list hosted zone IDs such as Z0123456789ABCDEFGHIJ."));

        string providerArn;
        if (settings.ExistingOidcProviderArn is { } existing)
        {
            providerArn = existing;
        }
        else
        {
            // The client ID is the audience configure-aws-credentials asks for. No thumbprint: AWS trusts GitHub's
            // OIDC endpoint through its own root CA library since 2023, and ignores the thumbprint for it.
            var provider = new IamOpenidConnectProvider(this, "github", new IamOpenidConnectProviderConfig
            {
                Url = $"https://{GithubPipelineSettings.TokenHost}",
                ClientIdList = [GithubPipelineSettings.Audience],
            });
            providerArn = provider.Arn;
        }

        // The account ID is the fifth field of the provider's ARN: no aws_caller_identity lookup, so the stack plans
        // offline as the others do.
        var account = settings.ExistingOidcProviderArn is { } arn
            ? arn.Split(':')[4]
            : new TerraformLocal(this, "account_id", Fn.Element(Fn.Split(":", providerArn), 4)).AsString;
        var keyFolder = state.Key.Contains('/', StringComparison.Ordinal) ? state.Key[..(state.Key.LastIndexOf('/') + 1)] : "";
        var target = new DeployScope(
            account,
            state.Bucket,
            keyFolder,
            Token.AsList(Fn.Formatlist("arn:aws:s3:::%s", [siteBuckets.ListValue])),
            Token.AsList(Fn.Formatlist("arn:aws:s3:::%s/*", [siteBuckets.ListValue])),
            // IAM refuses a statement with no resource: with no zone listed, one ARN that names no zone.
            new TerraformLocal(this, "hosted_zone_arns",
                "${length(var.route53_zone_ids) > 0 ? formatlist(\"arn:aws:route53:::hostedzone/%s\", var.route53_zone_ids) : [\"arn:aws:route53:::hostedzone/none-configured\"]}").AsList);

        PlanRole = Role("plan", $"edge-router-plan-{settings.NameSuffix}",
            $"GitHub Actions of {settings.Repository}: plan (read the stacks, read and lock the state)",
            GithubOidcTrust.Create(this, "plan_trust", providerArn, settings.PlanSubjects),
            DeployPermissions.PlanPolicy(this, "plan_permissions", target));
        ApplyRole = Role("apply", $"edge-router-apply-{settings.NameSuffix}",
            $"GitHub Actions of {settings.Repository} in {string.Join(", ", settings.ApplyEnvironments)}: apply and publish",
            GithubOidcTrust.Create(this, "apply_trust", providerArn, settings.ApplySubjects),
            DeployPermissions.ApplyPolicy(this, "apply_permissions", target));

        _ = new TerraformOutput(this, "plan_role_arn", new TerraformOutputConfig
        {
            Value = PlanRole.Arn,
            Description = "Repository variable EDGE_ROUTER_PLAN_ROLE_ARN: the role pull requests plan with.",
        });
        _ = new TerraformOutput(this, "apply_role_arn", new TerraformOutputConfig
        {
            Value = ApplyRole.Arn,
            Description = "Repository variable EDGE_ROUTER_APPLY_ROLE_ARN: the role the protected environments apply with.",
        });
    }

    /// <summary>The role pull requests (and the default branch) plan with.</summary>
    public IamRole PlanRole { get; }

    /// <summary>The role jobs in the protected environments apply and publish with.</summary>
    public IamRole ApplyRole { get; }

    private IamRole Role(string id, string name, string description, DataAwsIamPolicyDocument trust, DataAwsIamPolicyDocument permissions)
    {
        var role = new IamRole(this, $"{id}_role", new IamRoleConfig
        {
            Name = name,
            Description = description,
            AssumeRolePolicy = trust.Json,
            // One hour: the longest a plan or an apply of this stack takes, with room; the token cannot outlive it.
            MaxSessionDuration = 3600,
        });
        _ = new IamRolePolicy(this, $"{id}_policy", new IamRolePolicyConfig
        {
            Name = $"edge-router-{id}",
            Role = role.Id,
            Policy = permissions.Json,
        });
        return role;
    }
}
