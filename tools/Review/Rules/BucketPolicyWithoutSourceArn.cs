using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV005: a bucket policy that allows a service (or everyone) without an <c>AWS:SourceArn</c> condition, or a bucket
/// policy deleted while its bucket stays. The site bucket's policy lets <c>cloudfront.amazonaws.com</c> read only for
/// requests from this distribution (<c>AWS:SourceArn</c>): without the condition any CloudFront distribution, in any
/// account, can read the bucket through its own OAC. The planned policy is read as JSON when known; when it is built
/// at apply (from <c>aws_iam_policy_document</c> data sources read then), the documents the configuration refers to
/// are read instead, their <c>source_policy_documents</c> included. Deny statements are not this rule's.
/// </summary>
public sealed class BucketPolicyWithoutSourceArn : IReviewRule
{
    /// <inheritdoc />
    public string Id => "RV005";

    /// <inheritdoc />
    public string Title => "a bucket policy allows a service or everyone without AWS:SourceArn, or is deleted";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_s3_bucket_policy"))
        {
            if (change.Kind == ChangeKind.Delete)
            {
                var bucketGone = plan.Changes.Any(c => c.Type == "aws_s3_bucket" && c.Destroys
                    && PlanValues.Text(c.Before, "bucket") == PlanValues.Text(change.Before, "bucket"));
                if (!bucketGone)
                {
                    yield return new Finding(Id, change.Address,
                        $"The policy of the bucket {PlanValues.Text(change.Before, "bucket")} is deleted; the bucket stays.",
                        "CloudFront's OAC then has no grant: every page of the site answers 403 (and the TLS-only Deny goes too).",
                        "Keep the policy resource; if it moved to another address, terraform state mv.");
                }

                continue;
            }

            if (change.Kind is not (ChangeKind.Create or ChangeKind.Update or ChangeKind.Replace))
            {
                continue;
            }

            var statements = PlanValues.Text(change.After, "policy") is { } policy
                ? FromPolicyJson(policy)
                : FromDocuments(plan, change.ResourceAddress);
            foreach (var sid in statements)
            {
                yield return new Finding(Id, change.Address,
                    $"The planned policy of the bucket {PlanValues.Text(change.After, "bucket") ?? "(known after apply)"} allows {sid}.",
                    "Without an exact AWS:SourceArn the grant holds for any CloudFront distribution (or whoever the principal is), in any account: the private bucket becomes readable through someone else's distribution. The buckets of this app grant only CloudFront, only for this distribution.",
                    "Restore the condition AWS:SourceArn = this distribution's ARN (StringEquals, no wildcard) on the Allow statement, with the principal Service cloudfront.amazonaws.com (main/Storage/PrivateBucket.cs, main/Site/NotFoundResponses.cs).");
            }
        }
    }

    // The Allow statements (by Sid, or their position) of a policy JSON that grant more than this distribution.
    private static IEnumerable<string> FromPolicyJson(string policy)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(policy);
        }
        catch (JsonException)
        {
            return ["a statement the review cannot read (the policy is not JSON)"];
        }

        var statements = document?["Statement"] switch
        {
            JsonArray list => list.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };
        var problems = new List<string>();
        foreach (var (statement, index) in statements.Select((s, i) => (s, i)))
        {
            // IAM reads Effect case-sensitively, but a policy this review cannot prove is a Deny is treated as an Allow.
            if (statement["Effect"]?.ToString() == "Deny")
            {
                continue;
            }

            var name = Describe(statement["Sid"]?.ToString(), index);
            if (statement["NotPrincipal"] is not null)
            {
                problems.Add($"{name} to every principal but those it names (NotPrincipal)");
            }
            else if (OtherPrincipal(statement["Principal"]) is { } other)
            {
                problems.Add($"{name} to {other}");
            }
            else if (NeedsSourceArn(statement["Principal"]) && SourceArnProblem(statement["Condition"]) is { } problem)
            {
                problems.Add($"{name} {problem}");
            }
        }

        return problems;
    }

    private static bool NeedsSourceArn(JsonNode? principal) => principal switch
    {
        JsonValue star => star.ToString() == "*",
        JsonObject map => map.ContainsKey("Service") || (map["AWS"] is JsonValue aws && aws.ToString() == "*")
            || (map["AWS"] is JsonArray list && list.Any(a => a?.ToString() == "*")),
        _ => true,
    };

    // An AWS account, role or user, a canonical user or a federated one: none of this app's buckets grants to them.
    private static string? OtherPrincipal(JsonNode? principal)
    {
        if (principal is not JsonObject map)
        {
            return null;
        }

        var others = map.Where(p => p.Key != "Service")
            .SelectMany(p => (p.Value as JsonArray)?.Select(v => v?.ToString()) ?? [p.Value?.ToString()], (p, v) => (p.Key, Value: v ?? ""))
            .Where(p => !(p.Key == "AWS" && p.Value == "*"))
            .Select(p => $"{p.Key} {p.Value}")
            .ToList();
        return others.Count > 0 ? $"the principal(s) {string.Join(", ", others)}" : null;
    }

    // Null when the condition pins AWS:SourceArn to exact values; otherwise what is wrong with it.
    private static string? SourceArnProblem(JsonNode? condition)
    {
        var pins = (condition as JsonObject ?? [])
            .SelectMany(op => (op.Value as JsonObject ?? []).Where(k => k.Key.Equals("AWS:SourceArn", StringComparison.OrdinalIgnoreCase))
                .Select(k => (Operator: op.Key, Values: (k.Value as JsonArray)?.Select(v => v?.ToString() ?? "").ToList() ?? [k.Value?.ToString() ?? ""])))
            .ToList();
        return pins.Count == 0
            ? "without an AWS:SourceArn condition"
            : pins.Select(p => ExactOperators.Contains(p.Operator)
                    ? p.Values.FirstOrDefault(v => v.Length == 0 || v.Contains('*', StringComparison.Ordinal) || v.Contains('?', StringComparison.Ordinal)) is { } wild
                        ? $"with AWS:SourceArn {p.Operator} \"{wild}\", a pattern that matches other distributions"
                        : null
                    : $"with AWS:SourceArn under {p.Operator}, which does not pin it to one distribution")
                .OfType<string>().FirstOrDefault();
    }

    // Condition operators that, with values without wildcards, hold the request to those exact ARNs. Every pin must
    // be one (IAM ANDs them, but a review cannot weigh a loose one against a strict one: it shows both).
    private static readonly HashSet<string> ExactOperators = new(StringComparer.Ordinal) { "StringEquals", "ArnEquals", "StringLike", "ArnLike" };

    // The same check on the aws_iam_policy_document data sources the policy is built from (read during apply). A
    // policy known only after apply that no planned document explains is one nobody can review.
    private static IEnumerable<string> FromDocuments(PlanDocument plan, string policyAddress)
    {
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        var queue = new Queue<string>(References(plan.Configuration(policyAddress)?["expressions"]?["policy"]));
        while (queue.Count > 0)
        {
            var address = queue.Dequeue();
            if (!seen.Add(address))
            {
                continue;
            }

            // Read at apply: a "read" change; read during plan: its values are in the plan's prior_state.
            var deferred = plan.Changes.FirstOrDefault(c => c.ResourceAddress == address && c.After is not null);
            var values = deferred?.After ?? plan.PriorValues(address);
            if (values is null || (deferred is not null && PlanValues.Unknown(deferred.AfterUnknown, "statement")))
            {
                missing.Add($"statements of {address}, which the plan does not hold (known only after apply)");
                continue;
            }

            read++;
            foreach (var statement in PlanValues.Blocks(values, "statement").Select((s, i) => (s, i)))
            {
                if ((PlanValues.Text(statement.s, "effect") ?? "Allow") == "Deny")
                {
                    continue;
                }

                var name = Describe(PlanValues.Text(statement.s, "sid"), statement.i) + $" (in {address})";
                if (PlanValues.Blocks(statement.s, "not_principals").Count > 0)
                {
                    missing.Add($"{name} to every principal but those it names (not_principals)");
                    continue;
                }

                var principals = PlanValues.Blocks(statement.s, "principals");
                var others = principals.Where(p => PlanValues.Text(p, "type") is not ("Service" or "*")
                        && !(PlanValues.Text(p, "type") == "AWS" && PlanValues.Strings(p, "identifiers").All(i => i == "*")))
                    .Select(p => $"{PlanValues.Text(p, "type")} {string.Join(",", PlanValues.Strings(p, "identifiers"))}").ToList();
                if (others.Count > 0)
                {
                    missing.Add($"{name} to the principal(s) {string.Join(", ", others)}");
                    continue;
                }

                var needs = principals.Count == 0 || principals.Any(p => PlanValues.Text(p, "type") is "Service" or "*"
                    || (PlanValues.Text(p, "type") == "AWS" && PlanValues.Strings(p, "identifiers").Contains("*")));
                if (!needs)
                {
                    continue;
                }

                var pins = PlanValues.Blocks(statement.s, "condition")
                    .Where(c => string.Equals(PlanValues.Text(c, "variable"), "AWS:SourceArn", StringComparison.OrdinalIgnoreCase)).ToList();
                var problem = pins.Count == 0
                    ? "without an AWS:SourceArn condition"
                    : pins.Select(c => PlanValues.Text(c, "test") is { } test && ExactOperators.Contains(test)
                            // Values unknown until apply are the distribution's ARN the stack refers to.
                            ? PlanValues.Strings(c, "values").FirstOrDefault(v => v.Length == 0 || v.Contains('*', StringComparison.Ordinal) || v.Contains('?', StringComparison.Ordinal)) is { } wild
                                ? $"with AWS:SourceArn {test} \"{wild}\", a pattern that matches other distributions"
                                : null
                            : $"with AWS:SourceArn under {PlanValues.Text(c, "test") ?? "(unknown)"}, which does not pin it to one distribution")
                        .OfType<string>().FirstOrDefault();
                if (problem is not null)
                {
                    missing.Add($"{name} {problem}");
                }
            }

            foreach (var source in References(plan.Configuration(address)?["expressions"]?["source_policy_documents"]))
            {
                queue.Enqueue(source);
            }
        }

        if (read == 0 && missing.Count == 0)
        {
            missing.Add("statements the review cannot see: the policy is known only after apply and is built from no aws_iam_policy_document in this plan");
        }

        return missing;
    }

    private static IEnumerable<string> References(JsonNode? expression) =>
        (expression?["references"] as JsonArray ?? []).Select(r => r?.ToString())
            .OfType<string>().Where(r => r.StartsWith("data.aws_iam_policy_document.", StringComparison.Ordinal) && r.Count(c => c == '.') == 2);

    private static string Describe(string? sid, int index) => string.IsNullOrEmpty(sid) ? $"statement {index + 1}" : $"statement {sid}";
}
