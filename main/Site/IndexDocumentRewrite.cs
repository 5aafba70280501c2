using System.Reflection;
using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Site;

/// <summary>
/// Subdirectory index documents and single-page-app routing: a CloudFront Function on the default behaviour that
/// serves <c>/docs/</c> as <c>/docs/index.html</c>, redirects <c>/docs</c> to <c>/docs/</c> (301, query kept) and
/// leaves files and <c>/.well-known/</c> alone; in <c>spa</c> mode it serves every extensionless path as
/// <c>/index.html</c>. S3's website endpoint would do the first two, but its REST endpoint (the only one OAC can
/// sign) does not, and doing SPA routing here rather than with a custom error response keeps the distribution-wide
/// error responses from rewriting the router's or API Gateway's statuses. The JavaScript is
/// <c>index-rewrite.js</c> beside this file, embedded in the app; the table it follows is in its header.
/// </summary>
public sealed class IndexDocumentRewrite : Construct
{
    /// <summary>The function's JavaScript as written, with <see cref="ModePlaceholder"/> where the mode goes.</summary>
    public static string Code { get; } = ReadCode();

    /// <summary>Stands for <c>not_found_mode</c> in <see cref="Code"/>; the stack writes the variable there.</summary>
    public const string ModePlaceholder = "@NOT_FOUND_MODE@";

    /// <summary>Creates the function.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">Name, unique in the account; at most 64 characters.</param>
    /// <param name="notFoundMode">The <c>not_found_mode</c> variable (validated: one of three plain words).</param>
    public IndexDocumentRewrite(Construct scope, string id, string name, TerraformVariable notFoundMode) : base(scope, id)
    {
        // A Terraform template: the mode is interpolated at plan time, so changing it needs no new synth.
        var code = Code.Replace(ModePlaceholder, $"${{{Variables.Reference(notFoundMode)}}}", StringComparison.Ordinal);
        Function = new CloudfrontFunction(this, "function", new CloudfrontFunctionConfig
        {
            Name = name,
            Comment = "Index documents (/path/ -> /path/index.html, /path -> 301 /path/) or SPA routing",
            Runtime = "cloudfront-js-2.0",
            Publish = true,
            Code = code,
        });
    }

    /// <summary>The function.</summary>
    public CloudfrontFunction Function { get; }

    /// <summary>The association for the default behaviour: on every viewer request.</summary>
    public CloudfrontDistributionDefaultCacheBehaviorFunctionAssociation ToAssociation() => new()
    {
        EventType = "viewer-request",
        FunctionArn = Function.Arn,
    };

    private static string ReadCode()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("EdgeRouter.Site.index-rewrite.js")
            ?? throw new InvalidOperationException("index-rewrite.js is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
