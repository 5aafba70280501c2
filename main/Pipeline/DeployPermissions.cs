using Constructs;

namespace EdgeRouter.Pipeline;

/// <summary>
/// What the pipeline's two roles may do, as IAM policy documents. The plan role reads what the stacks own and
/// reads and locks the state; the apply role changes only this project's resources: the buckets by name (a
/// Terraform variable of the pipeline stack), the router's function, role and log group by the name prefix the edge
/// stack gives them (<see cref="RouterNamePrefix"/>), CloudFront's resources in this account only, DNS records in the
/// zones listed. Nothing is granted on <c>*</c> but read-only list calls that AWS cannot scope to a resource.
/// </summary>
/// <remarks>
/// CloudFront distributions and policies have IDs, not names, that AWS chooses at creation: they are scoped to the
/// account (<c>arn:aws:cloudfront::ACCOUNT:distribution/*</c>), not to this project. Use a dedicated AWS account
/// for the site when other distributions live beside it (README, "Run it from GitHub").
/// </remarks>
public static class DeployPermissions
{
    /// <summary>The prefix of every name the edge stack gives the router's function, role and log group.</summary>
    public const string RouterNamePrefix = "webfinger-";

    /// <summary>Read-only calls AWS authorizes only on <c>*</c> (they list, they name no resource).</summary>
    public static readonly IReadOnlyList<string> UnscopedListActions =
    [
        "cloudfront:ListCachePolicies", "cloudfront:ListOriginRequestPolicies", "cloudfront:ListResponseHeadersPolicies",
        "cloudfront:ListOriginAccessControls", "cloudfront:ListFunctions", "cloudfront:ListDistributions",
        "logs:DescribeLogGroups", "apigateway:GET",
    ];

    /// <summary>
    /// IAM calls the apply role is denied on every resource: each can grant a principal more than the apply role
    /// has (a new role or user, a policy, a trust, a boundary removed), which is how a deploy role becomes admin.
    /// </summary>
    public static readonly IReadOnlyList<string> IamWritesThatEscalate =
    [
        "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:CreatePolicy", "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion", "iam:CreateUser", "iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:CreateAccessKey",
        "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AddUserToGroup", "iam:PutGroupPolicy", "iam:AttachGroupPolicy",
        "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:CreateServiceLinkedRole",
    ];

    /// <summary>The plan role's policy: read the stacks' resources, read the state and hold its lock.</summary>
    public static DataAwsIamPolicyDocument PlanPolicy(Construct scope, string id, DeployScope target) =>
        Document(scope, id, [.. StateStatements(target, write: false), .. ReadStatements(target)]);

    /// <summary>The apply role's policy: everything the plan role may, and change this project's resources only.</summary>
    public static DataAwsIamPolicyDocument ApplyPolicy(Construct scope, string id, DeployScope target) =>
        Document(scope, id, [.. StateStatements(target, write: true), .. ReadStatements(target), .. WriteStatements(target)]);

    private static DataAwsIamPolicyDocument Document(Construct scope, string id, DataAwsIamPolicyDocumentStatement[] statements) =>
        new(scope, id, new DataAwsIamPolicyDocumentConfig { Statement = statements });

    private static IEnumerable<DataAwsIamPolicyDocumentStatement> StateStatements(DeployScope target, bool write)
    {
        yield return Allow("ListStateBucket", ["s3:ListBucket"], [$"arn:aws:s3:::{target.StateBucket}"]);
        // The state objects: read for a plan; written by an apply.
        yield return Allow(write ? "ReadWriteState" : "ReadState",
            write ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"],
            [$"arn:aws:s3:::{target.StateBucket}/{target.StateKeyPrefix}*"]);
        // use_lockfile: a plan holds the lock too (<key>.tflock), so a concurrent apply waits for it.
        yield return Allow("HoldStateLock", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            [$"arn:aws:s3:::{target.StateBucket}/{target.StateKeyPrefix}*.tflock"]);
    }

    private static IEnumerable<DataAwsIamPolicyDocumentStatement> ReadStatements(DeployScope target)
    {
        var account = target.AccountId;
        yield return Allow("ListWhatCannotBeScoped", [.. UnscopedListActions], ["*"]);
        // Bucket-level reads only (configuration, policy, tags): object reads need object ARNs, which this is not.
        yield return Allow("ReadSiteBuckets", ["s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
            "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration", "s3:ListBucket"], target.SiteBucketArns);
        yield return Allow("ReadCloudFront", ["cloudfront:Get*", "cloudfront:DescribeFunction", "cloudfront:ListTagsForResource"],
            [$"arn:aws:cloudfront::{account}:*"]);
        yield return Allow("ReadRouter", ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig",
            "lambda:GetFunctionConcurrency", "lambda:GetPolicy", "lambda:ListVersionsByFunction", "lambda:ListTags",
            "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
            "logs:ListTagsForResource", "logs:ListTagsLogGroup"],
            [$"arn:aws:lambda:*:{account}:function:{RouterNamePrefix}*", $"arn:aws:iam::{account}:role/{RouterNamePrefix}*",
                $"arn:aws:logs:*:{account}:log-group:/aws/lambda/{RouterNamePrefix}*"]);
        yield return Allow("ReadDns", ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:GetChange"],
            Token.AsList(Fn.Concat([target.HostedZoneArns, new[] { "arn:aws:route53:::change/*" }])));
    }

    private static IEnumerable<DataAwsIamPolicyDocumentStatement> WriteStatements(DeployScope target)
    {
        var account = target.AccountId;
        yield return Allow("ManageSiteBuckets", ["s3:CreateBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning",
            "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketOwnershipControls", "s3:PutBucketTagging", "s3:PutBucketLogging"], target.SiteBucketArns);
        // make publish: upload, compare (head), and remove what the site folder no longer has.
        yield return Allow("PublishSite", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], target.SiteObjectArns);
        yield return Allow("ManageCloudFront", ["cloudfront:CreateDistribution", "cloudfront:CreateDistributionWithTags",
            "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution", "cloudfront:TagResource", "cloudfront:UntagResource",
            "cloudfront:CreateInvalidation", "cloudfront:CreateOriginAccessControl", "cloudfront:UpdateOriginAccessControl",
            "cloudfront:DeleteOriginAccessControl", "cloudfront:CreateCachePolicy", "cloudfront:UpdateCachePolicy",
            "cloudfront:DeleteCachePolicy", "cloudfront:CreateOriginRequestPolicy", "cloudfront:UpdateOriginRequestPolicy",
            "cloudfront:DeleteOriginRequestPolicy", "cloudfront:CreateResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy",
            "cloudfront:DeleteResponseHeadersPolicy", "cloudfront:CreateFunction", "cloudfront:UpdateFunction",
            "cloudfront:PublishFunction", "cloudfront:DeleteFunction"],
            [$"arn:aws:cloudfront::{account}:distribution/*", $"arn:aws:cloudfront::{account}:origin-access-control/*",
                $"arn:aws:cloudfront::{account}:cache-policy/*", $"arn:aws:cloudfront::{account}:origin-request-policy/*",
                $"arn:aws:cloudfront::{account}:response-headers-policy/*", $"arn:aws:cloudfront::{account}:function/*"]);
        yield return Allow("ManageRouterFunction", ["lambda:CreateFunction", "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration", "lambda:DeleteFunction", "lambda:AddPermission", "lambda:RemovePermission",
            "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:TagResource", "lambda:UntagResource"],
            [$"arn:aws:lambda:*:{account}:function:{RouterNamePrefix}*"]);
        // The router's role is created and its policy written by a person's first apply of each environment, never
        // by the pipeline: a role that may create a webfinger-* role, write its inline policy or its trust could
        // create webfinger-evil with an administrator policy, trusting itself (or handed to a Lambda function it
        // deploys), and assume it: administrator of the account. IAM has no condition on a policy's content, so
        // the only scope that holds is not granting those actions (tools/pipeline/README.md, "What the apply role
        // can still do").
        yield return Allow("TagRouterRole", ["iam:UpdateRole", "iam:TagRole", "iam:UntagRole", "iam:ListInstanceProfilesForRole"],
            [$"arn:aws:iam::{account}:role/{RouterNamePrefix}*"]);
        // The function's role may be handed to Lambda only: PassRole is how a deploy could otherwise escalate.
        yield return new DataAwsIamPolicyDocumentStatement
        {
            Sid = "PassRouterRoleToLambdaOnly",
            Effect = "Allow",
            Actions = ["iam:PassRole"],
            Resources = [$"arn:aws:iam::{account}:role/{RouterNamePrefix}*"],
            Condition = new[]
            {
                new DataAwsIamPolicyDocumentStatementCondition
                {
                    Test = "StringEquals", Variable = "iam:PassedToService", Values = ["lambda.amazonaws.com"],
                },
            },
        };
        yield return Allow("ManageRouterLogs", ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy",
            "logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup"],
            [$"arn:aws:logs:*:{account}:log-group:/aws/lambda/{RouterNamePrefix}*"]);
        // HTTP APIs have IDs, not names: scoped to this account's APIs in any region, and to the tagging path.
        yield return Allow("ManageRouterApi", ["apigateway:POST", "apigateway:PATCH", "apigateway:PUT", "apigateway:DELETE", "apigateway:TagResource"],
            ["arn:aws:apigateway:*::/apis", "arn:aws:apigateway:*::/apis/*", "arn:aws:apigateway:*::/tags/*"]);
        yield return Allow("ManageAliasRecords", ["route53:ChangeResourceRecordSets"], target.HostedZoneArns);
        // Whatever Allow a later edit adds, these stay refused: each writes who may do what in this account.
        yield return new DataAwsIamPolicyDocumentStatement
        {
            Sid = "NeverWriteIamPermissions",
            Effect = "Deny",
            Actions = [.. IamWritesThatEscalate],
            Resources = ["*"],
        };
        // The data stays whatever a plan says: no pipeline can delete the site or the state bucket.
        yield return new DataAwsIamPolicyDocumentStatement
        {
            Sid = "NeverDeleteTheBuckets",
            Effect = "Deny",
            Actions = ["s3:DeleteBucket"],
            Resources = Token.AsList(Fn.Concat([target.SiteBucketArns, new[] { $"arn:aws:s3:::{target.StateBucket}" }])),
        };
    }

    private static DataAwsIamPolicyDocumentStatement Allow(string sid, string[] actions, string[] resources) => new()
    {
        Sid = sid,
        Effect = "Allow",
        Actions = actions,
        Resources = resources,
    };
}
