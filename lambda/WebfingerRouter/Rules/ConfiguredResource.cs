using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 1: a resource configured verbatim under <c>resources</c> (exact, case-sensitive match of the
/// decoded <c>resource</c>) is answered 200 with its JRD, links filtered by <c>rel</c>.</summary>
public sealed class ConfiguredResource(IReadOnlyDictionary<string, JrdDocument> resources) : IWebfingerRule
{
    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head) =>
        resources.TryGetValue(query.Resource, out var jrd)
            ? Answers.Jrd(RelFilter.Apply(jrd, query.Rels), head, RouteDecision.ConfiguredResource)
            : null;
}
