using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>One way of answering <c>/.well-known/webfinger</c>. <see cref="Router"/> asks the rules in order of
/// precedence; the first that answers wins.</summary>
public interface IWebfingerRule
{
    /// <summary>The answer to <paramref name="query"/>, or null when this rule does not apply.</summary>
    /// <param name="query">The validated query.</param>
    /// <param name="head">True for HEAD: same status and headers, empty body.</param>
    RouterResponse? TryAnswer(WebfingerQuery query, bool head);
}
