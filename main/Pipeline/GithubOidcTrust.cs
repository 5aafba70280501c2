using Constructs;

namespace EdgeRouter.Pipeline;

/// <summary>
/// The trust policy of a role that GitHub Actions assumes with its OIDC token: the federated principal is the
/// account's GitHub identity provider, the audience must be exactly <c>sts.amazonaws.com</c>, and the subject must
/// be exactly one of the listed claims. <c>StringEquals</c>, never <c>StringLike</c>: no pattern can widen it to
/// another repository, branch or environment.
/// </summary>
public static class GithubOidcTrust
{
    /// <summary>The trust policy document for <paramref name="subjects"/> (each <c>repo:owner/name:…</c>).</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID of the policy document data source.</param>
    /// <param name="providerArn">The identity provider's ARN (a literal or a Terraform reference).</param>
    /// <param name="subjects">The exact <c>sub</c> claims trusted.</param>
    public static DataAwsIamPolicyDocument Create(Construct scope, string id, string providerArn, IReadOnlyList<string> subjects) =>
        new(scope, id, new DataAwsIamPolicyDocumentConfig
        {
            Statement = new[]
            {
                new DataAwsIamPolicyDocumentStatement
                {
                    Sid = "GithubActionsOfThisRepositoryOnly",
                    Effect = "Allow",
                    Actions = ["sts:AssumeRoleWithWebIdentity"],
                    Principals = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementPrincipals { Type = "Federated", Identifiers = [providerArn] },
                    },
                    Condition = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementCondition
                        {
                            Test = "StringEquals",
                            Variable = $"{GithubPipelineSettings.TokenHost}:aud",
                            Values = [GithubPipelineSettings.Audience],
                        },
                        new DataAwsIamPolicyDocumentStatementCondition
                        {
                            Test = "StringEquals",
                            Variable = $"{GithubPipelineSettings.TokenHost}:sub",
                            Values = [.. subjects],
                        },
                    },
                },
            },
        });
}
