namespace EdgeRouter.Webfinger.Configuration;

/// <summary>One problem found in <c>WEBFINGER_CONFIG</c>, which disabled <paramref name="Section"/> (or, under
/// <c>resources</c>, the one entry <paramref name="Field"/> names).</summary>
/// <param name="Section">The top-level member it is in (<c>resources</c>, <c>mastodon</c>).</param>
/// <param name="Field">The member's path in JSON terms: <c>resources["acct:x@example.com"].links[0]</c>.</param>
/// <param name="Problem">What is wrong, e.g. <c>unknown key "ref" (a link has rel, …)</c>.</param>
public sealed record ConfigProblem(string Section, string Field, string Problem)
{
    /// <summary>"field: problem", the field in JSON terms.</summary>
    public string Message => Field + ": " + Problem;

    /// <summary>"field: problem" with the field named as the user wrote it: the Terraform variable when
    /// <paramref name="fromTerraform"/> (<see cref="Contract.ConfigNames"/>), else the JSON member.</summary>
    public string MessageFor(bool fromTerraform) => fromTerraform ? Contract.ConfigNames.ToVariable(Field) + ": " + Problem : Message;
}
