using Constructs;

namespace EdgeRouter.Inputs;

/// <summary>How the stack declares a Terraform variable: typed, described, non-nullable and validated.</summary>
public static class Variables
{
    /// <summary>
    /// A Terraform regex (escaped for a Terraform string) for host names as DNS allows them: labels of lower-case
    /// letters, digits and inner hyphens, at least two labels.
    /// </summary>
    public const string HostNamePattern = "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$";

    /// <summary>
    /// The variable as it is named inside a Terraform expression (<c>var.name</c>), for expressions CDKTF's
    /// C# API cannot build.
    /// </summary>
    public static string Reference(TerraformVariable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return $"var.{variable.FriendlyUniqueId}";
    }

    public static TerraformVariable Create(Construct scope, string name, string type, string description,
        object? defaultValue, params (string Condition, string Message)[] validations)
    {
        return new TerraformVariable(scope, name, new TerraformVariableConfig
        {
            Type = type,
            Description = description,
            Default = defaultValue,
            Nullable = false,
            Validation = validations
                .Select(v => (ITerraformVariableValidationConfig)new TerraformVariableValidationConfig
                {
                    Condition = v.Condition,
                    ErrorMessage = v.Message,
                })
                .ToArray(),
        });
    }
}
