using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 1: a resource configured under <c>resources</c> is answered 200 with its JRD, links filtered by
/// <c>rel</c> (a <c>rel</c> it does not have leaves no links, still 200: RFC 7033 §4.3). The decoded <c>resource</c>
/// matches a key exactly, or else with the scheme and host compared without regard to case
/// (<see cref="ResourceKeys"/>: <c>ACCT:carol@EXAMPLE.COM</c> finds <c>acct:carol@example.com</c>); when two keys differ
/// only there, an exact match wins, then the key first in ordinal order. A key the configuration disabled for a
/// problem answers 503: the resource is known, its answer is not.</summary>
public sealed class ConfiguredResource : IWebfingerRule
{
    private readonly IReadOnlyDictionary<string, JrdDocument> _resources;
    private readonly Dictionary<string, JrdDocument?> _normalized = new(StringComparer.Ordinal);

    /// <summary>Creates the rule; <paramref name="disabled"/> are keys left out for a problem.</summary>
    public ConfiguredResource(IReadOnlyDictionary<string, JrdDocument> resources, IReadOnlySet<string>? disabled = null)
    {
        _resources = resources;
        foreach (var key in resources.Keys.Concat(disabled ?? new HashSet<string>()).Order(StringComparer.Ordinal))
        {
            _normalized.TryAdd(ResourceKeys.Normalize(key), resources.TryGetValue(key, out var jrd) ? jrd : null);
        }
    }

    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head)
    {
        if (!_resources.TryGetValue(query.Resource, out var jrd) && !_normalized.TryGetValue(ResourceKeys.Normalize(query.Resource), out jrd))
        {
            return null;
        }

        return jrd is null
            ? Answers.ConfigurationError(head)
            : Answers.Jrd(RelFilter.Apply(jrd, query.Rels), head, RouteDecision.ConfiguredResource);
    }
}
