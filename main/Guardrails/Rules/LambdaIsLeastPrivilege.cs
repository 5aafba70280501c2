using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER009: a Lambda execution role gets only inline statements with named actions on named resources (no
/// <c>*</c>, no managed policy attachments), and a Lambda permission is granted to a service only for one
/// API's execution ARN.
/// </summary>
public sealed class LambdaIsLeastPrivilege : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER009";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_355, CKV_AWS_364";

    /// <inheritdoc />
    public string Reason => "a router that can do more than write its logs turns any bug in it into an account compromise";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var documents = stack.DataSources("aws_iam_policy_document").ToDictionary(d => d.Key, d => d.Value);
        var lambdaRoles = stack.Resources("aws_iam_role")
            .Where(r => Document(r.Value["assume_role_policy"], documents) is { } assume &&
                Statements(assume).Any(s => SynthesizedStack.Blocks(s["principals"])
                    .Any(p => p["identifiers"] is JsonArray ids && ids.Any(i => i?.ToString() == "lambda.amazonaws.com"))))
            .Select(r => $"aws_iam_role.{r.Key}")
            .ToList();

        foreach (var role in lambdaRoles)
        {
            foreach (var (name, attachment) in stack.Resources("aws_iam_role_policy_attachment"))
            {
                if (SynthesizedStack.RefersTo(attachment["role"], role))
                {
                    yield return new Violation(Id, $"aws_iam_role_policy_attachment.{name}", $"attaches {attachment["policy_arn"]} to {role}",
                        "grant only what the function needs in an inline aws_iam_role_policy");
                }
            }

            foreach (var (name, policy) in stack.Resources("aws_iam_role_policy").Where(p => SynthesizedStack.RefersTo(p.Value["role"], role)))
            {
                var document = Document(policy["policy"], documents);
                foreach (var statement in document is null ? [] : Statements(document))
                {
                    if (statement["effect"]?.ToString() == "Deny")
                    {
                        continue;
                    }

                    var actions = Strings(statement["actions"]).ToList();
                    var resources = Strings(statement["resources"]).ToList();
                    if (actions.Count == 0 || actions.Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal)) ||
                        resources.Count == 0 || resources.Any(r => r == "*"))
                    {
                        yield return new Violation(Id, $"aws_iam_role_policy.{name}",
                            $"statement {statement["sid"]} grants {string.Join(", ", actions)} on {string.Join(", ", resources)}",
                            "name each action and each resource");
                    }
                }

                if (document is null)
                {
                    yield return new Violation(Id, $"aws_iam_role_policy.{name}", "has a policy the rule cannot read",
                        "build it with an aws_iam_policy_document data source");
                }
            }
        }

        foreach (var (name, permission) in stack.Resources("aws_lambda_permission"))
        {
            var source = permission["source_arn"]?.ToString() ?? "";
            if (!source.Contains(".execution_arn}", StringComparison.Ordinal))
            {
                yield return new Violation(Id, $"aws_lambda_permission.{name}",
                    $"lets {permission["principal"]} invoke the function from {(source.Length == 0 ? "anywhere" : source)}",
                    "set source_arn to the API's execution_arn");
            }
        }
    }

    private static JsonObject? Document(JsonNode? reference, Dictionary<string, JsonObject> documents) =>
        documents.FirstOrDefault(d => SynthesizedStack.RefersTo(reference, $"data.aws_iam_policy_document.{d.Key}")).Value;

    private static IReadOnlyList<JsonObject> Statements(JsonObject document) => SynthesizedStack.Blocks(document["statement"]);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString() ?? "") : [];
}
