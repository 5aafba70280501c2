namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The <c>atproto</c> section: the DID that <c>/.well-known/atproto-did</c> answers, so that the domain can
/// be a Bluesky (AT Protocol) handle verified over HTTPS.</summary>
/// <param name="Did">A <c>did:plc:</c> or <c>did:web:</c> DID (<see cref="Contract.ConfigRules.AtprotoDid"/>).</param>
public sealed record AtprotoSettings(string Did);
