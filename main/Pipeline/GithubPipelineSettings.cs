using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EdgeRouter.Configuration;

namespace EdgeRouter.Pipeline;

/// <summary>
/// What the GitHub pipeline's AWS side is built from: the one repository whose workflows may assume the plan and
/// apply roles, and the GitHub environments the apply jobs run in. Unset (<see cref="Repository"/> null) means no
/// pipeline stack at all: a user without GitHub sees no change.
/// </summary>
public sealed partial record GithubPipelineSettings
{
    /// <summary>The name of the pipeline stack, and of its folder under <c>cdktf.out/stacks/</c>.</summary>
    public const string StackName = "edge-router-github";

    /// <summary>The host GitHub Actions' OIDC tokens come from; the IAM identity provider is named after it.</summary>
    public const string TokenHost = "token.actions.githubusercontent.com";

    /// <summary>The audience aws-actions/configure-aws-credentials asks GitHub to put in the token.</summary>
    public const string Audience = "sts.amazonaws.com";

    /// <summary>
    /// The repository, <c>owner/name</c> exactly as GitHub spells it (the token's <c>sub</c> claim is compared
    /// exactly). Default none: no pipeline stack. Valid: an owner of 1-39 letters, digits and single hyphens (not at
    /// either end) and a name of 1-100 letters, digits, <c>.</c>, <c>_</c> and <c>-</c> (not <c>.</c> or
    /// <c>..</c>). No wildcard, ever: a role that trusts <c>owner/*</c> can be assumed by every repository there,
    /// forks' pull requests excepted, which is exactly the hole the OIDC exchange is meant to close. A repository
    /// whose tokens carry GitHub's immutable subject (created after 15 July 2026, or opted in) is given as it appears
    /// there: <c>owner@OWNER_ID/name@REPOSITORY_ID</c> (both IDs, decimal).
    /// </summary>
    public string? Repository { get; init; }

    /// <summary>
    /// The branch whose pushes run the pipeline's main-branch plan (reading state). Default <c>main</c>.
    /// Valid: a Git branch name without wildcards.
    /// </summary>
    public string DefaultBranch { get; init; } = "main";

    /// <summary>
    /// The GitHub environments whose jobs may assume the apply role, in the order the pipeline applies them
    /// (staging before production). Default <c>["production"]</c>. Valid: 1-10 distinct names of 1-255 characters
    /// without wildcards or <c>:</c> (the <c>sub</c> claim's separator). Give each a protection rule in GitHub
    /// (required reviewers for production; deployment branches: the default branch only): the role trusts the
    /// environment, and GitHub's rules decide who may run in it.
    /// </summary>
    public IReadOnlyList<string> ApplyEnvironments { get; init; } = ["production"];

    /// <summary>
    /// The ARN of a GitHub OIDC identity provider the account already has. Default none: the stack creates one. An
    /// account can hold only one provider per URL, so a second project in the same account names the first one's.
    /// Valid: <c>arn:aws:iam::&lt;12 digits&gt;:oidc-provider/token.actions.githubusercontent.com</c>.
    /// </summary>
    public string? ExistingOidcProviderArn { get; init; }

    /// <summary>Whether the pipeline stack is synthesized at all.</summary>
    public bool Enabled => Repository is not null;

    /// <summary>
    /// A short, stable suffix for the roles' names: the first 8 hexadecimal digits of SHA-256 of the repository, so
    /// two projects in one account never share a role, and a renamed repository gets new ones.
    /// </summary>
    public string NameSuffix => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Repository ?? "")))[..8];

    /// <summary>Throws a <see cref="SettingsException"/> naming the first setting that is not valid.</summary>
    public GithubPipelineSettings Validate()
    {
        if (Repository is null)
        {
            return this;
        }

        if (Repository.IndexOfAny(['*', '?', '[']) >= 0)
        {
            throw new SettingsException(SettingNames.GithubRepository,
                $"\"{Repository}\" has a wildcard: the roles trust exactly one repository (owner/name), never a pattern");
        }

        var parts = Repository.Split('/');
        if (parts.Length != 2 || !Owner().IsMatch(parts[0]) || !RepositoryName().IsMatch(parts[1]) || parts[1] is "." or ".." ||
            parts[1].Split('@')[0] is "." or "..")
        {
            throw new SettingsException(SettingNames.GithubRepository,
                $"\"{Repository}\" is not a GitHub repository as owner/name (owner: 1-39 letters, digits and single " +
                "hyphens; name: 1-100 letters, digits, '.', '_' and '-'; or owner@OWNER_ID/name@REPOSITORY_ID, the immutable form)");
        }

        // GitHub's immutable subject (repositories created after 15 July 2026, or opted in) carries both IDs: a claim
        // with one ID matches no token.
        if (parts[0].Contains('@', StringComparison.Ordinal) != parts[1].Contains('@', StringComparison.Ordinal))
        {
            throw new SettingsException(SettingNames.GithubRepository,
                $"\"{Repository}\" has the ID of one part only: give owner/name, or owner@OWNER_ID/name@REPOSITORY_ID as the token's sub claim has them");
        }

        if (DefaultBranch.Length is 0 or > 255 || DefaultBranch.IndexOfAny(['*', '?', '[', ':', ' ', '~', '^', '\\']) >= 0 ||
            DefaultBranch.StartsWith('/') || DefaultBranch.EndsWith('/') || DefaultBranch.Contains("..", StringComparison.Ordinal))
        {
            throw new SettingsException(SettingNames.GithubDefaultBranch,
                $"\"{DefaultBranch}\" is not a branch name (no wildcards, ':', spaces or '..')");
        }

        if (ApplyEnvironments.Count is 0 or > 10)
        {
            throw new SettingsException(SettingNames.GithubApplyEnvironments,
                $"give 1 to 10 GitHub environments, got {ApplyEnvironments.Count}");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var environment in ApplyEnvironments)
        {
            if (environment.Length is 0 or > 255 || environment.IndexOfAny(['*', '?', '[', ':', '"', '\'', '/', '\\']) >= 0 ||
                environment.Trim() != environment || environment.Any(char.IsControl))
            {
                throw new SettingsException(SettingNames.GithubApplyEnvironments,
                    $"\"{environment}\" is not a GitHub environment name (1-255 characters; no wildcards, ':', quotes, slashes or surrounding spaces)");
            }

            // GitHub's environment names are case-insensitive: two spellings would be one environment trusted twice.
            if (!seen.Add(environment))
            {
                throw new SettingsException(SettingNames.GithubApplyEnvironments, $"\"{environment}\" is listed twice");
            }
        }

        if (ExistingOidcProviderArn is not null && !ProviderArn().IsMatch(ExistingOidcProviderArn))
        {
            throw new SettingsException(SettingNames.GithubOidcProviderArn,
                $"\"{ExistingOidcProviderArn}\" is not the ARN of a GitHub OIDC provider " +
                $"(arn:aws:iam::123456789012:oidc-provider/{TokenHost})");
        }

        return this;
    }

    /// <summary>The <c>sub</c> claims of the jobs that may plan: pull requests, and pushes to the default branch.</summary>
    public IReadOnlyList<string> PlanSubjects =>
        [$"repo:{Repository}:pull_request", $"repo:{Repository}:ref:refs/heads/{DefaultBranch}"];

    /// <summary>The <c>sub</c> claims of the jobs that may apply: only those running in the apply environments.</summary>
    public IReadOnlyList<string> ApplySubjects => [.. ApplyEnvironments.Select(e => $"repo:{Repository}:environment:{e}")];

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:@[1-9][0-9]{0,19})?$")]
    private static partial Regex Owner();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}(?:@[1-9][0-9]{0,19})?$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/token\.actions\.githubusercontent\.com$")]
    private static partial Regex ProviderArn();
}
