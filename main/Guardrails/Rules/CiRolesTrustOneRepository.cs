using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER020: a role that GitHub Actions can assume trusts exactly one repository: the audience is exactly
/// <c>sts.amazonaws.com</c>, and the subject is compared with <c>StringEquals</c> to claims that all name the same
/// <c>owner/name</c> and hold no wildcard. Its permissions grant no <c>*</c> action, and grant on resource
/// <c>*</c> only list and describe calls.
/// </summary>
public sealed partial class CiRolesTrustOneRepository : IGuardrail
{
    private const string TokenHost = "token.actions.githubusercontent.com";

    /// <inheritdoc />
    public string Id => "ER020";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_358";

    /// <inheritdoc />
    public string Reason => "a trust policy with a wildcard lets another repository's workflow deploy to this account";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var documents = stack.DataSources("aws_iam_policy_document").ToDictionary(d => d.Key, d => d.Value);
        foreach (var (name, role) in stack.Resources("aws_iam_role"))
        {
            var trust = Document(role["assume_role_policy"], documents);
            var githubStatements = trust is null ? [] : Statements(trust).Where(TrustsGithub).ToList();
            if (githubStatements.Count == 0)
            {
                continue;
            }

            var address = $"aws_iam_role.{name}";
            foreach (var statement in githubStatements)
            {
                foreach (var problem in TrustProblems(statement))
                {
                    yield return new Violation(Id, address, problem,
                        $"trust {TokenHost}:aud = sts.amazonaws.com and {TokenHost}:sub with StringEquals on exact repo:owner/name:… claims");
                }
            }

            foreach (var (policyName, policy) in stack.Resources("aws_iam_role_policy").Where(p => SynthesizedStack.RefersTo(p.Value["role"], address)))
            {
                var document = Document(policy["policy"], documents);
                if (document is null)
                {
                    yield return new Violation(Id, $"aws_iam_role_policy.{policyName}", "has a policy the rule cannot read",
                        "build it with an aws_iam_policy_document data source");
                    continue;
                }

                foreach (var statement in Statements(document).Where(s => s["effect"]?.ToString() != "Deny"))
                {
                    var actions = Strings(statement["actions"]).ToList();
                    var resources = Strings(statement["resources"]).ToList();
                    if (actions.Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)))
                    {
                        yield return new Violation(Id, $"aws_iam_role_policy.{policyName}",
                            $"statement {statement["sid"]} grants every action of a service ({string.Join(", ", actions)})", "name each action");
                    }

                    if (resources.Contains("*") && actions.FirstOrDefault(a => !ReadOnly().IsMatch(a)) is { } write)
                    {
                        yield return new Violation(Id, $"aws_iam_role_policy.{policyName}",
                            $"statement {statement["sid"]} grants {write} on every resource (*)", "scope it to this project's resources by name");
                    }
                }
            }
        }
    }

    private static IEnumerable<string> TrustProblems(JsonObject statement)
    {
        var conditions = SynthesizedStack.Blocks(statement["condition"]);
        var audience = conditions.Where(c => c["variable"]?.ToString() == $"{TokenHost}:aud").ToList();
        if (audience.Count != 1 || audience[0]["test"]?.ToString() != "StringEquals" ||
            Strings(audience[0]["values"]).ToList() is not ["sts.amazonaws.com"])
        {
            yield return "the audience is not exactly sts.amazonaws.com (StringEquals)";
        }

        var subject = conditions.Where(c => c["variable"]?.ToString() == $"{TokenHost}:sub").ToList();
        if (subject.Count == 0)
        {
            yield return "no condition on the token's subject: every GitHub repository could assume it";
            yield break;
        }

        foreach (var condition in subject)
        {
            if (condition["test"]?.ToString() != "StringEquals")
            {
                yield return $"the subject is compared with {condition["test"]}, which allows patterns; use StringEquals";
            }

            var claims = Strings(condition["values"]).ToList();
            var repositories = claims.Select(c => Subject().Match(c)).ToList();
            if (claims.Count == 0 || repositories.Any(m => !m.Success))
            {
                yield return $"subject {string.Join(", ", claims)} is not an exact repo:owner/name:… claim without wildcards";
            }
            else if (repositories.Select(m => m.Groups["repo"].Value).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                yield return $"subject names more than one repository ({string.Join(", ", claims)})";
            }
        }
    }

    private static bool TrustsGithub(JsonObject statement) =>
        SynthesizedStack.Blocks(statement["principals"]).Any(p => p["type"]?.ToString() == "Federated" &&
            p["identifiers"] is JsonArray ids && ids.Any(i => i?.ToString() is { } id &&
                (id.Contains(TokenHost, StringComparison.Ordinal) || id.Contains("aws_iam_openid_connect_provider.", StringComparison.Ordinal))));

    private static JsonObject? Document(JsonNode? reference, Dictionary<string, JsonObject> documents) =>
        documents.FirstOrDefault(d => SynthesizedStack.RefersTo(reference, $"data.aws_iam_policy_document.{d.Key}")).Value;

    private static IReadOnlyList<JsonObject> Statements(JsonObject document) => SynthesizedStack.Blocks(document["statement"]);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString() ?? "") : node is JsonValue v ? [v.ToString()] : [];

    // repo:owner/name: (or GitHub's immutable repo:owner@ID/name@ID:) then the rest of the claim (pull_request,
    // ref:refs/heads/main, environment:production).
    [GeneratedRegex(@"^repo:(?<repo>[A-Za-z0-9-]+(?:@[0-9]+)?/[A-Za-z0-9._-]+(?:@[0-9]+)?):[^*?]+$")]
    private static partial Regex Subject();

    // Reads only: list, describe and get calls (apigateway's read is the HTTP verb GET).
    [GeneratedRegex(@"^[a-z0-9-]+:(List|Describe|Get)[A-Za-z]*\*?$|^apigateway:GET$")]
    private static partial Regex ReadOnly();
}
