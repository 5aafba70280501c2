using System.Text.Json.Nodes;

namespace EdgeRouter.LocalEdge;

/// <summary>
/// The router function's environment as the stack would deploy it with given variables: its
/// <c>WEBFINGER_CONFIG</c>, which Terraform assembles from the router variables (so <c>make serve</c> with the
/// user's <c>terraform.tfvars</c> runs the router with the configuration a plan would deploy).
/// </summary>
public static class RouterEnvironment
{
    /// <summary>
    /// The <c>WEBFINGER_CONFIG</c> of the stack's Lambda function under these variables; null when the stack deploys no
    /// function (an existing API) or sets no such variable.
    /// </summary>
    public static string? WebfingerConfig(string stackPath, IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, object?> fileValues)
    {
        var root = Parse(stackPath);
        var tf = new Terraform(root, variables, fileValues);
        var function = tf.Resources("aws_lambda_function").Select(f => f.Value).FirstOrDefault();
        return function?["environment"]?["variables"]?["WEBFINGER_CONFIG"] is { } config
            ? tf.Evaluate(config, "aws_lambda_function.environment.variables.WEBFINGER_CONFIG")
            : null;
    }

    /// <summary>The names in <paramref name="fileValues"/> that the stack declares no variable for.</summary>
    public static IReadOnlyList<string> Undeclared(string stackPath, IReadOnlyDictionary<string, object?> fileValues) =>
        Terraform.UndeclaredIn(Parse(stackPath), fileValues);

    private static JsonObject Parse(string stackPath) =>
        JsonNode.Parse(File.ReadAllText(stackPath)) as JsonObject
            ?? throw new EdgeConfigurationException($"{stackPath}: not a JSON object");
}
