namespace EdgeRouter.Webfinger.Contract;

/// <summary>The JSON shape of a configured value: what the router accepts and what the Terraform validation generated
/// from the same description accepts (see <see cref="ShapeChecker"/> and <c>main/Inputs/ContractTerraform</c>).
/// <c>null</c> counts as absent for a member, so an optional member may be null.</summary>
public abstract record Shape
{
    /// <summary>What the value must be, completing "must be …" in a message.</summary>
    public abstract string Expected { get; }
}

/// <summary>A JSON string that satisfies <paramref name="Rule"/>; with <paramref name="Nullable"/>, null too (a
/// property value, RFC 7033 §4.4.3).</summary>
public sealed record TextShape(TextRule Rule, bool Nullable = false) : Shape
{
    /// <inheritdoc />
    public override string Expected => Nullable ? Rule.Expected + " or null" : Rule.Expected;
}

/// <summary>A JSON array of <paramref name="Item"/>s.</summary>
public sealed record ListShape(Shape Item, string What) : Shape
{
    /// <inheritdoc />
    public override string Expected => What;
}

/// <summary>A JSON object of any keys whose values are <paramref name="Value"/>s (JRD properties, titles); with
/// <paramref name="Key"/>, each key must satisfy that rule too.</summary>
public sealed record MapShape(Shape Value, string What, TextRule? Key = null) : Shape
{
    /// <inheritdoc />
    public override string Expected => What;
}

/// <summary>A JSON object with the named <paramref name="Members"/> only: any other key is refused, so a typo
/// (<c>ref</c> for <c>rel</c>) is an error and not a member silently passed on.</summary>
/// <param name="Noun">How a message names the object: "a link", "a JRD", "the mastodon section".</param>
/// <param name="Members">The members it may have, in the order messages list them.</param>
/// <param name="What">What it must be, for a message: "a link object".</param>
public sealed record ObjectShape(string Noun, IReadOnlyList<MemberShape> Members, string What) : Shape
{
    /// <inheritdoc />
    public override string Expected => What;

    /// <summary>"unknown key \"ref\" (a link has rel, type, href, titles, properties, template)".</summary>
    public string UnknownKey(string quotedKey) =>
        "unknown key " + quotedKey + " (" + Noun + " has " + string.Join(", ", Members.Select(m => m.Name)) + ")";
}

/// <summary>One member of an <see cref="ObjectShape"/>.</summary>
public sealed record MemberShape(string Name, Shape Shape, bool Required = false);
