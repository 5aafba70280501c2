using System.Text;
using System.Text.Json.Nodes;

namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV008: a Lambda function's planned environment is over Lambda's 4 KB limit (blocking), or within 10 % of it (a
/// notice). Lambda counts the bytes of the JSON of the whole variables map (<c>{"NAME":"value",…}</c>: names, quotes,
/// escapes, UTF-8), README "Configure". The stack's own precondition stops such a plan; this rule also catches a stack
/// changed so it no longer has one. Measured from the planned values; a value known only after apply is counted as
/// 64 characters when it is the origin secret (always 64 hexadecimal characters) and otherwise makes the size
/// unknown, which the rule says without blocking.
/// </summary>
public sealed class RouterEnvironmentTooLarge : IReviewRule
{
    /// <summary>Lambda's limit on a function's environment variables, in bytes.</summary>
    public const int LimitBytes = 4096;

    /// <summary>From this size on a notice says how close the limit is.</summary>
    public const int NoticeBytes = LimitBytes * 9 / 10;

    private const int SecretLength = 64;

    /// <inheritdoc />
    public string Id => "RV008";

    /// <inheritdoc />
    public string Title => "the router's environment over Lambda's 4 KB (a notice from 90 %)";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_lambda_function"
            && c.Kind is ChangeKind.Create or ChangeKind.Update or ChangeKind.Replace))
        {
            if (PlanValues.Unknown(change.AfterUnknown, "environment", 0, "variables"))
            {
                continue;
            }

            var variables = PlanValues.Blocks(change.After, "environment").FirstOrDefault()?["variables"] as JsonObject;
            if (variables is null)
            {
                continue;
            }

            var unknown = (PlanValues.Blocks(change.AfterUnknown, "environment").FirstOrDefault()?["variables"] as JsonObject)?
                .Where(p => p.Value is JsonValue v && v.TryGetValue<bool>(out var b) && b).Select(p => p.Key).ToList() ?? [];
            if (unknown.Any(name => name != "ORIGIN_VERIFY_SECRET"))
            {
                continue;
            }

            var bytes = Measure(variables, unknown);
            if (bytes > LimitBytes)
            {
                yield return new Finding(Id, change.Address,
                    $"The function's environment is {bytes} bytes as Lambda counts them, over the {LimitBytes}-byte limit.",
                    "Lambda refuses the update: the apply fails at the function, after the resources before it changed.",
                    "Shorten the router's variables (webfinger_resources, the account lists); README, Configure, says how they are counted.");
            }
            else if (bytes >= NoticeBytes)
            {
                yield return new Finding(Id, change.Address,
                    $"The function's environment is {bytes} of Lambda's {LimitBytes} bytes.",
                    "A few more resources or accounts and Lambda refuses the update.",
                    "Nothing yet; keep webfinger_resources short.", Blocking: false);
            }
        }
    }

    /// <summary>The bytes of <c>{"NAME":"value",…}</c> as Lambda counts them; <paramref name="unknown"/> names count as the secret's 64 characters.</summary>
    public static int Measure(JsonObject variables, IReadOnlyCollection<string> unknown)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var total = 2 + Math.Max(0, variables.Count - 1);
        foreach (var (name, value) in variables)
        {
            var text = unknown.Contains(name) ? new string('0', SecretLength) : (value as JsonValue)?.ToString() ?? "";
            total += Quoted(name) + 1 + Quoted(text);
        }

        return total;
    }

    // A JSON string's bytes: quotes, a backslash before " and \, \n-style or \u00XX escapes for control characters.
    private static int Quoted(string text)
    {
        var bytes = 2;
        foreach (var rune in text.EnumerateRunes())
        {
            bytes += rune.Value switch
            {
                '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
                < 0x20 => 6,
                _ => rune.Utf8SequenceLength,
            };
        }

        return bytes;
    }
}
