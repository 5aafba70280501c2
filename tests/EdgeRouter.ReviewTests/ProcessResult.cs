namespace EdgeRouter.ReviewTests;

/// <summary>What a process did.</summary>
public sealed record ProcessResult(int Code, string Stdout, string Stderr)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string All => Stdout + Stderr;
}
