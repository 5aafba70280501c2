using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Dns;

/// <summary>
/// Optional DNS: with <c>route53_zone_id</c> set, an alias A record and an alias AAAA record (the distribution
/// has IPv6 on) for every alias, pointing at the distribution. Alias records cost nothing per query and follow
/// CloudFront's addresses. Without a zone ID, none are created and DNS stays the owner's.
/// </summary>
public sealed class AliasRecords : Construct
{
    /// <summary>CloudFront's fixed hosted zone for alias targets.</summary>
    public const string CloudFrontHostedZoneId = "Z2FDTNDATAQYW2";

    /// <summary>Creates the records, one pair per alias.</summary>
    public AliasRecords(Construct scope, string id, EdgeInputs edge, SiteFeatureInputs features, CloudfrontDistribution distribution)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(distribution);
        var zone = Variables.Reference(features.Route53ZoneId);
        var names = new TerraformLocal(this, "names", $"${{{zone} == \"\" ? [] : {Variables.Reference(edge.Aliases)}}}");
        foreach (var type in new[] { "A", "AAAA" })
        {
            // One record per alias, keyed by the alias, so adding or removing one touches only its own records.
            var aliases = TerraformIterator.FromList(names.AsList);
            _ = new Route53Record(this, type.ToLowerInvariant(), new Route53RecordConfig
            {
                ForEach = aliases,
                ZoneId = features.Route53ZoneId.StringValue,
                Name = Token.AsString(aliases.Value),
                Type = type,
                Alias = new Route53RecordAlias
                {
                    Name = distribution.DomainName,
                    // Written out rather than read from the distribution: it is the same for every distribution.
                    ZoneId = CloudFrontHostedZoneId,
                    EvaluateTargetHealth = false,
                },
            });
        }
    }
}
