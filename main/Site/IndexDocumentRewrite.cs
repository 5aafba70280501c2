using System.Reflection;
using Constructs;

namespace EdgeRouter.Site;

/// <summary>
/// Subdirectory index documents: a CloudFront Function on the default behaviour that serves <c>/docs/</c> and
/// <c>/docs</c> as <c>/docs/index.html</c>, which S3's website endpoint would do but its REST endpoint (the only
/// one OAC can sign) does not. The JavaScript is <c>index-rewrite.js</c> beside this file, embedded in the app.
/// </summary>
public sealed class IndexDocumentRewrite : Construct
{
    /// <summary>The function's JavaScript, as deployed.</summary>
    public static string Code { get; } = ReadCode();

    /// <summary>Creates the function.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">Name, unique in the account; at most 64 characters.</param>
    public IndexDocumentRewrite(Construct scope, string id, string name) : base(scope, id)
    {
        Function = new CloudfrontFunction(this, "function", new CloudfrontFunctionConfig
        {
            Name = name,
            Comment = "Serve /path/ and /path as /path/index.html from the private bucket",
            Runtime = "cloudfront-js-2.0",
            Publish = true,
            Code = Code,
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
