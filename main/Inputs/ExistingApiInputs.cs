using Constructs;

namespace EdgeRouter.Inputs;

/// <summary>The variables that exist only when the router paths go to an API the user already runs.</summary>
public sealed class ExistingApiInputs
{
    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public ExistingApiInputs(Construct scope)
    {
        ApiOriginPath = Variables.Create(scope, "api_origin_path", VariableType.STRING,
            "Path CloudFront prepends to requests to the existing API, e.g. /prod for a REST API stage. Default \"\" " +
            "(an HTTP API's $default stage or a custom domain's base path mapping).",
            "",
            ("${var.api_origin_path == \"\" || can(regex(\"^/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$\", var.api_origin_path))}",
                "api_origin_path must be empty or start with '/' and not end with '/', e.g. /prod."));
    }

    /// <summary><c>api_origin_path</c>: the existing API's path prefix.</summary>
    public TerraformVariable ApiOriginPath { get; }
}
