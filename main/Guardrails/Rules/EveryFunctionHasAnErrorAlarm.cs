using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER013: every Lambda function the stack deploys has an alarm on its <c>Errors</c> (namespace AWS/Lambda,
/// dimension <c>FunctionName</c> referring to that function), with actions enabled and at least one alarm action,
/// so a failing function is heard of by its owner rather than by its users.
/// </summary>
public sealed class EveryFunctionHasAnErrorAlarm : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER013";

    /// <inheritdoc />
    public string? CheckovId => null;

    /// <inheritdoc />
    public string Reason => "a bad deploy turns every lookup into a 5xx; without an alarm the owner learns it from their followers";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var alarms = stack.Resources("aws_cloudwatch_metric_alarm").ToList();
        foreach (var (name, _) in stack.Resources("aws_lambda_function"))
        {
            var address = $"aws_lambda_function.{name}";
            var errorAlarms = alarms.Where(a =>
                (string?)a.Value["namespace"] == "AWS/Lambda" && (string?)a.Value["metric_name"] == "Errors" &&
                SynthesizedStack.RefersTo(a.Value["dimensions"]?["FunctionName"], address)).ToList();
            if (errorAlarms.Count == 0)
            {
                yield return new Violation(Id, address, "has no alarm on its Errors",
                    "add an aws_cloudwatch_metric_alarm on AWS/Lambda Errors with dimensions.FunctionName = this function's function_name");
                continue;
            }

            if (!errorAlarms.Any(a => HasAction(a.Value)))
            {
                yield return new Violation(Id, $"aws_cloudwatch_metric_alarm.{errorAlarms[0].Key}",
                    $"alarms on {address}'s Errors but notifies no one (no alarm_actions, or actions_enabled false)",
                    "set alarm_actions to the alarm topic and leave actions_enabled true");
            }
        }
    }

    private static bool HasAction(JsonObject alarm)
    {
        var enabled = alarm["actions_enabled"] is not JsonValue value || !value.TryGetValue(out bool on) || on;
        var actions = alarm["alarm_actions"] as JsonArray;
        return enabled && actions is { Count: > 0 } &&
            actions.All(a => a is JsonValue v && v.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text));
    }
}
