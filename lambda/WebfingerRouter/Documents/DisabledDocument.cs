using EdgeRouter.Webfinger.Responses;

namespace EdgeRouter.Webfinger.Documents;

/// <summary>The path of a document whose section was disabled at start-up for a problem: GET and HEAD are 503
/// (<see cref="Answers.ConfigurationError"/>), the other methods as on any document.</summary>
public sealed class DisabledDocument(string path) : WellKnownDocument
{
    /// <inheritdoc />
    public override string Path => path;

    /// <inheritdoc />
    protected override RouterResponse Get(string rawQueryString, bool head) => Answers.ConfigurationError(head);
}
