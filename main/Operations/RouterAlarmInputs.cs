using Constructs;
using EdgeRouter.Inputs;
using EdgeRouter.Router;

namespace EdgeRouter.Operations;

/// <summary>
/// The thresholds of the router's alarms, declared only where the stack deploys the router. Each default is a
/// count per <c>alarm_period_seconds</c> (5 minutes) that a healthy small site never reaches and a broken one
/// reaches at once (a bad deploy fails every lookup).
/// </summary>
public sealed class RouterAlarmInputs
{
    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public RouterAlarmInputs(Construct scope)
    {
        ErrorsThreshold = Variables.Create(scope, "router_errors_alarm_threshold", VariableType.NUMBER,
            "Router invocation errors (crashes, timeouts, invalid events) per period at or above which its alarm " +
            "breaches. Default 5: the router answers every lookup itself, so errors mean a fault, not a bad " +
            "request; one or two can be a scanner sending junk events, five in each of two periods is a fault.",
            5,
            ("${var.router_errors_alarm_threshold >= 1 && var.router_errors_alarm_threshold <= 1000000 && floor(var.router_errors_alarm_threshold) == var.router_errors_alarm_threshold}",
                "router_errors_alarm_threshold must be a whole number from 1 to 1000000."));

        ThrottlesThreshold = Variables.Create(scope, "router_throttles_alarm_threshold", VariableType.NUMBER,
            "Throttled router invocations per period at or above which its alarm breaches. Default 1: every " +
            "throttle is a lookup that failed (a small site never reaches the account's concurrency), and two " +
            "periods must breach, so a single burst does not fire it.",
            1,
            ("${var.router_throttles_alarm_threshold >= 1 && var.router_throttles_alarm_threshold <= 1000000 && floor(var.router_throttles_alarm_threshold) == var.router_throttles_alarm_threshold}",
                "router_throttles_alarm_threshold must be a whole number from 1 to 1000000."));

        DurationMs = Variables.Create(scope, "router_duration_alarm_ms", VariableType.NUMBER,
            $"The router's p99 duration, in milliseconds, at or above which its alarm breaches (the timeout is " +
            $"{WebfingerRouterFunction.TimeoutSeconds * 1000} ms). Default 4000: the router answers in a few " +
            "milliseconds and starts cold in well under a second, so 80% of the timeout means it is about to time out.",
            4000,
            ($"${{var.router_duration_alarm_ms >= 100 && var.router_duration_alarm_ms <= {WebfingerRouterFunction.TimeoutSeconds * 1000} && floor(var.router_duration_alarm_ms) == var.router_duration_alarm_ms}}",
                $"router_duration_alarm_ms must be a whole number from 100 to {WebfingerRouterFunction.TimeoutSeconds * 1000} (the router's timeout)."));

        Origin5xxThreshold = Variables.Create(scope, "router_origin_5xx_alarm_threshold", VariableType.NUMBER,
            "5xx answers per period of the router's origin (the HTTP API) at or above which its alarm breaches. " +
            "Default 5, as for the function's errors: the API answers 5xx only when the function failed or was " +
            "throttled, never for a bad lookup.",
            5,
            ("${var.router_origin_5xx_alarm_threshold >= 1 && var.router_origin_5xx_alarm_threshold <= 1000000 && floor(var.router_origin_5xx_alarm_threshold) == var.router_origin_5xx_alarm_threshold}",
                "router_origin_5xx_alarm_threshold must be a whole number from 1 to 1000000."));
    }

    /// <summary><c>router_errors_alarm_threshold</c>.</summary>
    public TerraformVariable ErrorsThreshold { get; }

    /// <summary><c>router_throttles_alarm_threshold</c>.</summary>
    public TerraformVariable ThrottlesThreshold { get; }

    /// <summary><c>router_duration_alarm_ms</c>.</summary>
    public TerraformVariable DurationMs { get; }

    /// <summary><c>router_origin_5xx_alarm_threshold</c>.</summary>
    public TerraformVariable Origin5xxThreshold { get; }
}
