namespace EdgeRouter.Operations;

/// <summary>One CloudWatch metric: namespace, name and dimensions (values may be Terraform expressions).</summary>
/// <param name="Namespace">E.g. <c>AWS/Lambda</c>.</param>
/// <param name="Name">E.g. <c>Errors</c>.</param>
/// <param name="Dimensions">Dimension name to value.</param>
public sealed record MetricId(string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions);
