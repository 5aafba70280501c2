using EdgeRouter.Webfinger.Configuration;

namespace EdgeRouter.Tests;

/// <summary>
/// The contract between the stack and the router: the WEBFINGER_CONFIG Terraform assembles from the variables is
/// evaluated by the real terraform (as an output, since no provider can be downloaded here) and read by the
/// router's own configuration parser.
/// </summary>
public sealed class WebfingerConfigTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private Terraform EvaluateConfig()
    {
        var function = fixture.Stack.Single("aws_lambda_function");
        var terraform = new Terraform(fixture.Stack.Document["variable"]!, new JsonObject
        {
            ["webfinger_config"] = new JsonObject
            {
                ["value"] = function["environment"]!["variables"]!["WEBFINGER_CONFIG"]!.DeepClone(),
                ["precondition"] = function["lifecycle"]!["precondition"]!.DeepClone(),
            },
        });
        return terraform;
    }

    /// <summary>Applies the evaluation with the example and <paramref name="vars"/>; WEBFINGER_CONFIG as the router gets it.</summary>
    internal static string Output(Terraform terraform, params string[] vars)
    {
        var (code, output) = terraform.Run(["apply", "-auto-approve", "-input=false", "-no-color", $"-var-file={VariableTests.Example}", .. vars]);
        Assert.True(code == 0, output);
        var (exit, stdout, stderr) = terraform.RunSeparately("output", "-raw", "webfinger_config");
        Assert.True(exit == 0, stderr);
        return stdout;
    }

    [Fact]
    public void The_tfvars_example_becomes_a_configuration_the_router_accepts()
    {
        using var terraform = EvaluateConfig();
        var config = ConfigParser.Parse(Output(terraform));
        Assert.Equal("example.com", config.Domain);
        Assert.Equal("mastodon.example.com", config.Mastodon!.Host);
        Assert.Equal(["alice"], config.Mastodon.Accounts.Names);
        Assert.Equal("https://auth.example.com", config.Oidc!.Issuer);
        Assert.Equal(["alice", "bob"], config.Oidc.Accounts.Names.Order());
        Assert.Equal(["acct:carol@example.com"], config.Resources.Keys);
    }

    [Fact]
    public void Empty_sections_are_omitted_and_mean_everyone_or_nothing()
    {
        using var terraform = EvaluateConfig();
        var json = Output(terraform, "-var=mastodon_host=", "-var=oidc_accounts=[]", "-var=webfinger_resources={}");
        var config = ConfigParser.Parse(json);
        Assert.Null(config.Mastodon);
        Assert.True(config.Oidc!.Accounts.AllowsEveryone);
        Assert.Empty(config.Resources);
        Assert.Contains("\"mastodon\":null", json);
    }

    // --- Lambda's 4 KB limit, measured as Lambda measures it --------------------------------------------------------

    /// <summary>
    /// Lambda's count, computed here without Terraform: the UTF-8 bytes of the JSON of the whole variables map, with
    /// only the escapes JSON requires (<c>"</c>, <c>\</c>, control characters), which is the string Lambda's error
    /// quotes as measured.
    /// </summary>
    internal static int LambdaCount(IReadOnlyDictionary<string, string> environment)
    {
        static string Quote(string value)
        {
            var text = new System.Text.StringBuilder("\"");
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    < ' ' => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            return text.Append('"').ToString();
        }

        var json = "{" + string.Join(",", environment.Select(p => $"{Quote(p.Key)}:{Quote(p.Value)}")) + "}";
        return System.Text.Encoding.UTF8.GetByteCount(json);
    }

    /// <summary>The origin secret exists only after apply (a resource this evaluation does not have); it is always 64
    /// hexadecimal characters, so a stand-in of that length counts exactly as the real one.</summary>
    internal static readonly string SecretStandIn = new('0', 64);

    private static JsonNode WithSecretStandIn(JsonNode variables)
    {
        if (variables.AsObject().ContainsKey("ORIGIN_VERIFY_SECRET"))
        {
            variables["ORIGIN_VERIFY_SECRET"] = SecretStandIn;
        }

        return variables;
    }

    /// <summary>The stack's measure of the function's environment (the precondition's left side) and the environment.</summary>
    private (decimal Measured, Dictionary<string, string> Environment) Measure(JsonObject routerVariables)
    {
        var function = fixture.Stack.Single("aws_lambda_function");
        var condition = function["lifecycle"]!["precondition"]![0]!["condition"]!.ToString();
        Assert.StartsWith("${", condition);
        Assert.EndsWith(" <= 4096}", condition);
        using var terraform = new Terraform(fixture.Stack.Document["variable"]!, new JsonObject
        {
            ["measured"] = new JsonObject { ["value"] = "${" + condition[2..^" <= 4096}".Length] + "}" },
            ["environment"] = new JsonObject { ["value"] = WithSecretStandIn(function["environment"]!["variables"]!.DeepClone()) },
        });
        var values = Path.Combine(Path.GetTempPath(), $"router-{Guid.NewGuid():N}.tfvars.json");
        File.WriteAllText(values, routerVariables.ToJsonString());
        try
        {
            var (code, output) = terraform.Run("apply", "-auto-approve", "-input=false", "-no-color",
                $"-var-file={VariableTests.Example}", $"-var-file={values}");
            Assert.True(code == 0, output);
            var (exit, stdout, stderr) = terraform.RunSeparately("output", "-json");
            Assert.True(exit == 0, stderr);
            var outputs = JsonNode.Parse(stdout)!;
            return (outputs["measured"]!["value"]!.GetValue<decimal>(),
                outputs["environment"]!["value"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()));
        }
        finally
        {
            File.Delete(values);
        }
    }

    /// <summary>Many short JRDs: small on their own, each quote escaped twice once in Lambda's JSON.</summary>
    internal static JsonObject ManyShortJrds(int count, string pad = "") => new()
    {
        ["mastodon_accounts"] = new JsonArray(),
        ["webfinger_resources"] = new JsonObject(Enumerable.Range(0, count).Select(i => KeyValuePair.Create<string, JsonNode?>(
            $"acct:u{i}@example.com", new JsonObject
            {
                ["subject"] = $"acct:u{i}@example.com",
                ["aliases"] = new JsonArray($"https://example.com/@u{i}{(i == 0 ? pad : "")}"),
            }))),
    };

    public static TheoryData<string, string> Configurations => new()
    {
        { "many short JRDs", ManyShortJrds(40).ToJsonString() },
        { "non-ASCII", new JsonObject
            {
                ["webfinger_resources"] = new JsonObject
                {
                    ["acct:zoë@example.com"] = new JsonObject
                    {
                        ["subject"] = "acct:zoë@example.com",
                        ["properties"] = new JsonObject { ["http://schema.org/name"] = "Zoë Ångström, 日本語, Ελληνικά, 😀🎉" },
                    },
                },
            }.ToJsonString() },
        { "quotes, backslashes and HTML characters", new JsonObject
            {
                ["webfinger_resources"] = new JsonObject
                {
                    ["acct:q@example.com"] = new JsonObject
                    {
                        ["subject"] = "acct:q@example.com",
                        ["properties"] = new JsonObject
                        {
                            ["http://schema.org/name"] = "She said \"hi\" \\o/ C:\\dir\\ <b>&amp;</b> a\u2028b\ttab\nline",
                        },
                    },
                },
            }.ToJsonString() },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_stack_measures_the_environment_to_the_byte_as_lambda_counts_it(string kind, string variables)
    {
        var (measured, environment) = Measure(JsonNode.Parse(variables)!.AsObject());
        Assert.Equal(["ORIGIN_VERIFY_SECRET", "WEBFINGER_CONFIG", "WEBFINGER_CONFIG_SOURCE"], environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("terraform", environment["WEBFINGER_CONFIG_SOURCE"]);
        Assert.True(LambdaCount(environment) == measured, $"{kind}: Lambda counts {LambdaCount(environment)} bytes, the stack measured {measured}");
        // Not the characters of the value (what the old check counted): escapes and multi-byte characters count.
        Assert.True(measured > "WEBFINGER_CONFIG".Length + environment["WEBFINGER_CONFIG"].Length, kind);
    }

    [Fact]
    public void The_limit_is_enforced_at_exactly_4096_bytes_as_lambda_counts_them()
    {
        // Pad one alias (ASCII, nothing to escape: one byte each) to land on 4096 and on 4097 bytes exactly.
        // How many JRDs fit depends on everything else the example configures, so find the count: past the tenth,
        // every JRD adds the same number of bytes.
        var (at20, _) = Measure(ManyShortJrds(20));
        var (at21, _) = Measure(ManyShortJrds(21));
        var count = 20 + (int)((4095 - at20) / (at21 - at20));
        var (measured, environment) = Measure(ManyShortJrds(count));
        Assert.Equal(LambdaCount(environment), measured);
        Assert.True(measured < 4096, $"{count} JRDs measure {measured} bytes: too many to pad up to the limit");
        var pad = new string('x', 4096 - (int)measured);

        using var terraform = EvaluateConfig();
        string Apply(string padding, out int code)
        {
            var values = Path.Combine(Path.GetTempPath(), $"router-{Guid.NewGuid():N}.tfvars.json");
            File.WriteAllText(values, ManyShortJrds(count, padding).ToJsonString());
            try
            {
                (code, var output) = terraform.Run("apply", "-auto-approve", "-input=false", "-no-color",
                    $"-var-file={VariableTests.Example}", $"-var-file={values}");
                return output;
            }
            finally
            {
                File.Delete(values);
            }
        }

        var atLimit = Apply(pad, out var code);
        Assert.True(code == 0, atLimit);
        var (exit, config, stderr) = terraform.RunSeparately("output", "-raw", "webfinger_config");
        Assert.True(exit == 0, stderr);
        Assert.Equal(4096, LambdaCount(new Dictionary<string, string> { ["WEBFINGER_CONFIG"] = config, ["ORIGIN_VERIFY_SECRET"] = SecretStandIn, ["WEBFINGER_CONFIG_SOURCE"] = "terraform" }));

        var overLimit = Apply(pad + "x", out code);
        Assert.True(code != 0, overLimit);
        Assert.Contains("WEBFINGER_CONFIG is over Lambda's 4 KB limit", VariableTests.Unwrap(overLimit));
    }

    [Fact]
    public void Many_short_jrds_that_the_old_character_count_let_through_are_stopped_before_deploying()
    {
        // 37 short JRDs: under 4096 characters of value, over 4096 bytes as Lambda counts (every quote escaped again).
        var (measured, environment) = Measure(ManyShortJrds(37));
        Assert.True("WEBFINGER_CONFIG".Length + environment["WEBFINGER_CONFIG"].Length <= 4096,
            $"the old check would have passed it: {environment["WEBFINGER_CONFIG"].Length} characters");
        Assert.True(LambdaCount(environment) > 4096);
        Assert.Equal(LambdaCount(environment), measured);

        using var terraform = EvaluateConfig();
        var values = Path.Combine(Path.GetTempPath(), $"router-{Guid.NewGuid():N}.tfvars.json");
        File.WriteAllText(values, ManyShortJrds(37).ToJsonString());
        try
        {
            var (code, output) = terraform.Run("apply", "-auto-approve", "-input=false", "-no-color",
                $"-var-file={VariableTests.Example}", $"-var-file={values}");
            Assert.True(code != 0, output);
            Assert.Contains("WEBFINGER_CONFIG is over Lambda's 4 KB limit", VariableTests.Unwrap(output));
        }
        finally
        {
            File.Delete(values);
        }
    }

    [Fact]
    public void A_configuration_over_lambdas_4_kb_is_stopped_before_deploying()
    {
        using var terraform = EvaluateConfig();
        var accounts = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"user{i:000}\""));
        var (code, output) = terraform.Run("apply", "-auto-approve", "-input=false", "-no-color",
            $"-var-file={VariableTests.Example}", $"-var=mastodon_accounts=[{accounts}]");
        Assert.True(code != 0, output);
        Assert.Contains("WEBFINGER_CONFIG is over Lambda's 4 KB limit", VariableTests.Unwrap(output));
    }
}
