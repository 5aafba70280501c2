using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Router;

/// <summary>
/// The webfinger router as a Lambda function: the zip <c>make lambda</c> built (a Native AOT <c>bootstrap</c> for
/// <c>provided.al2023</c>, on the architecture it was built for), 128 MB, a short timeout, its configuration in
/// <c>WEBFINGER_CONFIG</c>, a log group with a retention period created before the function (so Lambda never
/// creates one that keeps logs forever), and a role that can do nothing but write to that log group.
/// </summary>
public sealed class WebfingerRouterFunction : Construct
{
    /// <summary>Lambda's limit on all environment variables together, as Lambda measures it (<see cref="LambdaEnvironmentSize"/>).</summary>
    public const int EnvironmentLimitBytes = LambdaEnvironmentSize.LimitBytes;

    /// <summary>The router answers in milliseconds; anything near this is a fault, not a slow lookup.</summary>
    public const int TimeoutSeconds = 5;

    /// <summary>The smallest size Lambda offers; the AOT router needs about 30 MB.</summary>
    public const int MemorySizeMb = 128;

    /// <summary>Creates the function and what it needs.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="package">The built router package.</param>
    /// <param name="inputs">The router's variables.</param>
    /// <param name="functionName">The function's name (at most 64 characters; a Terraform expression is fine).</param>
    /// <param name="originVerifySecret">The value the router requires in <c>X-Origin-Verify</c> (a sensitive expression).</param>
    public WebfingerRouterFunction(Construct scope, string id, RouterPackage package, RouterInputs inputs, string functionName,
        string originVerifySecret)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(inputs);

        // Copied into the stack's output folder, so cdk.tf.json and the zip travel together.
        var asset = new TerraformAsset(this, "package", new TerraformAssetConfig { Path = package.ZipPath, Type = AssetType.FILE });

        LogGroup = new CloudwatchLogGroup(this, "log_group", new CloudwatchLogGroupConfig
        {
            Name = $"/aws/lambda/{functionName}",
            RetentionInDays = inputs.LogRetentionInDays.NumberValue,
        });

        var assumeRole = new DataAwsIamPolicyDocument(this, "assume_role", new DataAwsIamPolicyDocumentConfig
        {
            Statement = new[]
            {
                new DataAwsIamPolicyDocumentStatement
                {
                    Effect = "Allow",
                    Actions = ["sts:AssumeRole"],
                    Principals = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementPrincipals { Type = "Service", Identifiers = ["lambda.amazonaws.com"] },
                    },
                },
            },
        });
        Role = new IamRole(this, "role", new IamRoleConfig
        {
            Name = functionName,
            Description = "Runs the edge-router webfinger router; may only write its own logs",
            AssumeRolePolicy = assumeRole.Json,
        });

        var writeLogs = new DataAwsIamPolicyDocument(this, "write_logs", new DataAwsIamPolicyDocumentConfig
        {
            Statement = new[]
            {
                new DataAwsIamPolicyDocumentStatement
                {
                    Sid = "WriteOwnLogs",
                    Effect = "Allow",
                    // No logs:CreateLogGroup: the group exists before the function, with a retention period.
                    Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resources = [$"{LogGroup.Arn}:*"],
                },
            },
        });
        var rolePolicy = new IamRolePolicy(this, "write_logs_policy", new IamRolePolicyConfig
        {
            Name = "write-own-logs",
            Role = Role.Id,
            Policy = writeLogs.Json,
        });

        // Every environment variable the function gets, as Terraform expressions: the variables block and the size
        // precondition are both made from this one map, so a variable added here is always counted.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["WEBFINGER_CONFIG"] = inputs.ConfigExpression,
            // The configuration comes from the variables: the router names a problem by the variable the user wrote
            // (oidc_issuer), not by the JSON member (oidc.issuer). 45 bytes of the 4 KB.
            [EdgeRouter.Webfinger.Contract.ConfigNames.SourceVariable] = $"\"{EdgeRouter.Webfinger.Contract.ConfigNames.Terraform}\"",
            [OriginVerifySecret.EnvironmentVariable] = originVerifySecret[2..^1],
        };
        // The secret is unknown until apply and sensitive, but always 64 hexadecimal characters (nothing to escape):
        // the size check counts a stand-in of that length, so it needs neither the value nor a sensitive condition.
        var measured = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            [OriginVerifySecret.EnvironmentVariable] = $"\"{new string('0', OriginVerifySecret.Length)}\"",
        };
        Function = new LambdaFunction(this, "function", new LambdaFunctionConfig
        {
            FunctionName = functionName,
            Description = "edge-router webfinger router: Mastodon redirects, OpenID Connect issuer answers",
            Role = Role.Arn,
            Runtime = package.Runtime,
            Handler = package.Handler,
            Architectures = [package.Architecture],
            MemorySize = MemorySizeMb,
            Timeout = TimeoutSeconds,
            Filename = asset.Path,
            SourceCodeHash = package.SourceCodeHash,
            Environment = new LambdaFunctionEnvironment
            {
                Variables = environment.ToDictionary(p => p.Key, p => $"${{{p.Value}}}", StringComparer.Ordinal),
            },
            // -1 (the default) reserves nothing: the API stage's throttle bounds the function (with a function URL, only
            // this does: README, "The router's door"). A reservation both
            // caps the function and is taken from the account's pool, which AWS refuses to bring below 10.
            ReservedConcurrentExecutions = inputs.ReservedConcurrency.NumberValue,
            LoggingConfig = new LambdaFunctionLoggingConfig { LogFormat = "Text", LogGroup = LogGroup.Name },
            DependsOn = [LogGroup, rolePolicy],
            Lifecycle = new TerraformResourceLifecycle
            {
                Precondition = new[]
                {
                    new Precondition
                    {
                        Condition = LambdaEnvironmentSize.Condition(measured),
                        ErrorMessage = "WEBFINGER_CONFIG is over Lambda's 4 KB limit on environment variables (4096 " +
                            "bytes of the JSON of all of them, as Lambda counts): shorten webfinger_resources or the account lists.",
                    },
                },
            },
        });
    }

    /// <summary>The function.</summary>
    public LambdaFunction Function { get; }

    /// <summary>The execution role.</summary>
    public IamRole Role { get; }

    /// <summary>The function's log group.</summary>
    public CloudwatchLogGroup LogGroup { get; }
}
