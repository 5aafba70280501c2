using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER009: a Lambda execution role gets only inline statements with named actions on named resources (no
/// <c>*</c>, no managed policy attachments); a Lambda permission is granted to a service only for one API's execution
/// ARN, or to CloudFront only for this stack's distribution (<c>source_arn</c> its <c>arn</c>, the function URL's auth
/// type <c>AWS_IAM</c>), never to <c>*</c> and never for an auth type <c>NONE</c>; and a function URL uses
/// <c>AWS_IAM</c> and is the origin of a distribution that signs for it (an origin access control of type
/// <c>lambda</c>, signing <c>always</c>), so nothing but that distribution can invoke it.
/// </summary>
public sealed class LambdaIsLeastPrivilege : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER009";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_355, CKV_AWS_364";

    /// <inheritdoc />
    public string Reason => "a router that can do more than write its logs turns any bug in it into an account compromise, " +
        "and one that anyone may invoke can be spent by anyone";

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

        var distributions = stack.Resources("aws_cloudfront_distribution").Select(d => $"aws_cloudfront_distribution.{d.Key}").ToList();
        foreach (var (name, permission) in stack.Resources("aws_lambda_permission"))
        {
            foreach (var problem in PermissionProblems(permission, distributions))
            {
                yield return new Violation(Id, $"aws_lambda_permission.{name}", problem.Problem, problem.Fix);
            }
        }

        foreach (var (name, url) in stack.Resources("aws_lambda_function_url"))
        {
            foreach (var problem in FunctionUrlProblems(stack, name, url))
            {
                yield return new Violation(Id, $"aws_lambda_function_url.{name}", problem.Problem, problem.Fix);
            }
        }
    }

    private static IEnumerable<(string Problem, string Fix)> PermissionProblems(JsonObject permission, List<string> distributions)
    {
        var principal = permission["principal"]?.ToString() ?? "";
        var source = permission["source_arn"]?.ToString() ?? "";
        var action = permission["action"]?.ToString() ?? "";
        var from = source.Length == 0 ? "anywhere" : source;
        if (principal.Contains('*', StringComparison.Ordinal))
        {
            yield return ($"lets {principal} invoke the function: anyone", "grant a service principal, scoped with source_arn");
            yield break;
        }

        if (permission["function_url_auth_type"]?.ToString() is { } authType && authType != "AWS_IAM")
        {
            yield return ($"applies to a function URL with auth type {authType}: a public door", "grant only for function_url_auth_type AWS_IAM");
        }

        if (principal == "cloudfront.amazonaws.com")
        {
            // Exactly one distribution's ARN: not an expression that could be something else (a conditional, a variable).
            var toDistribution = distributions.Any(d => source == $"${{{d}.arn}}");
            if (!toDistribution)
            {
                yield return ($"lets {principal} invoke the function from {from}", "set source_arn to this stack's distribution's arn");
            }

            if (action is not ("lambda:InvokeFunctionUrl" or "lambda:InvokeFunction"))
            {
                yield return ($"grants CloudFront {(action.Length == 0 ? "no action" : action)}", "grant only lambda:InvokeFunctionUrl and lambda:InvokeFunction");
            }

            if (action == "lambda:InvokeFunctionUrl" && permission["function_url_auth_type"] is null)
            {
                yield return ("lets CloudFront invoke the function URL whatever its auth type", "set function_url_auth_type to AWS_IAM");
            }
        }
        else if (!source.Contains(".execution_arn}", StringComparison.Ordinal))
        {
            yield return ($"lets {principal} invoke the function from {from}", "set source_arn to the API's execution_arn");
        }
    }

    private static IEnumerable<(string Problem, string Fix)> FunctionUrlProblems(SynthesizedStack stack, string name, JsonObject url)
    {
        var authType = url["authorization_type"]?.ToString() ?? "";
        if (authType != "AWS_IAM")
        {
            yield return ($"has authorization_type {(authType.Length == 0 ? "(none)" : authType)}: anyone who learns the URL invokes the function",
                "set authorization_type to AWS_IAM and sign with a CloudFront origin access control of type lambda");
        }

        var address = $"aws_lambda_function_url.{name}";
        var origins = stack.Resources("aws_cloudfront_distribution")
            .SelectMany(d => SynthesizedStack.Blocks(d.Value["origin"]))
            .Where(o => SynthesizedStack.RefersTo(o["domain_name"], address))
            .ToList();
        var controls = stack.Resources("aws_cloudfront_origin_access_control").ToList();
        var signed = origins.Any(o => controls.Any(c => SynthesizedStack.RefersTo(o["origin_access_control_id"], $"aws_cloudfront_origin_access_control.{c.Key}")
            && c.Value["origin_access_control_origin_type"]?.ToString() == "lambda"
            && c.Value["signing_behavior"]?.ToString() == "always"));
        if (!signed)
        {
            yield return ("is no origin of a distribution that signs for it",
                "make it a distribution's origin with an origin access control of type lambda, signing always");
        }
    }

    private static JsonObject? Document(JsonNode? reference, Dictionary<string, JsonObject> documents) =>
        documents.FirstOrDefault(d => SynthesizedStack.RefersTo(reference, $"data.aws_iam_policy_document.{d.Key}")).Value;

    private static IReadOnlyList<JsonObject> Statements(JsonObject document) => SynthesizedStack.Blocks(document["statement"]);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString() ?? "") : [];
}
