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
                    $"The planned policy of the bucket {PlanValues.Text(change.After, "bucket") ?? "(known after apply)"} allows {sid} without an AWS:SourceArn condition.",
                    "Without AWS:SourceArn the grant holds for any CloudFront distribution (or whoever the principal is), in any account: the private bucket becomes readable through someone else's distribution.",
                    "Restore the condition AWS:SourceArn = this distribution's ARN on the Allow statement (main/Storage/PrivateBucket.cs, main/Site/NotFoundResponses.cs).");
            }
        }
    }

    // The Allow statements (by Sid, or their position) of a policy JSON that lack the condition.
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
        return statements.Select((s, i) => (Statement: s, Index: i))
            .Where(s => (string?)s.Statement["Effect"] == "Allow" && NeedsSourceArn(s.Statement["Principal"]) && !HasSourceArn(s.Statement["Condition"]))
            .Select(s => Describe((string?)s.Statement["Sid"], s.Index));
    }

    private static bool NeedsSourceArn(JsonNode? principal) => principal switch
    {
        JsonValue star => star.ToString() == "*",
        JsonObject map => map.ContainsKey("Service") || (map["AWS"] is JsonValue aws && aws.ToString() == "*")
            || (map["AWS"] is JsonArray list && list.Any(a => a?.ToString() == "*")),
        _ => false,
    };

    private static bool HasSourceArn(JsonNode? condition) => condition is JsonObject operators
        && operators.Any(op => op.Value is JsonObject keys && keys.Any(k => k.Key.Equals("AWS:SourceArn", StringComparison.OrdinalIgnoreCase)));

    // The same check on the aws_iam_policy_document data sources the policy is built from (read during apply).
    private static IEnumerable<string> FromDocuments(PlanDocument plan, string policyAddress)
    {
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(References(plan.Configuration(policyAddress)?["expressions"]?["policy"]));
        while (queue.Count > 0)
        {
            var address = queue.Dequeue();
            if (!seen.Add(address))
            {
                continue;
            }

            var document = plan.Changes.FirstOrDefault(c => c.ResourceAddress == address);
            foreach (var statement in PlanValues.Blocks(document?.After, "statement").Select((s, i) => (s, i)))
            {
                var principals = PlanValues.Blocks(statement.s, "principals");
                var needs = principals.Any(p => PlanValues.Text(p, "type") is "Service" or "*"
                    || (PlanValues.Text(p, "type") == "AWS" && PlanValues.Strings(p, "identifiers").Contains("*")));
                var has = PlanValues.Blocks(statement.s, "condition")
                    .Any(c => string.Equals(PlanValues.Text(c, "variable"), "AWS:SourceArn", StringComparison.OrdinalIgnoreCase));
                if ((PlanValues.Text(statement.s, "effect") ?? "Allow") == "Allow" && needs && !has)
                {
                    missing.Add(Describe(PlanValues.Text(statement.s, "sid"), statement.i) + $" (in {address})");
                }
            }

            foreach (var source in References(plan.Configuration(address)?["expressions"]?["source_policy_documents"]))
            {
                queue.Enqueue(source);
            }
        }

        return missing;
    }

    private static IEnumerable<string> References(JsonNode? expression) =>
        (expression?["references"] as JsonArray ?? []).Select(r => r?.ToString())
            .OfType<string>().Where(r => r.StartsWith("data.aws_iam_policy_document.", StringComparison.Ordinal) && r.Count(c => c == '.') == 2);

    private static string Describe(string? sid, int index) => string.IsNullOrEmpty(sid) ? $"statement {index + 1}" : $"statement {sid}";
}
