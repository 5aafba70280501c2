using System.Text.Json;

namespace EdgeRouter.PlanTests;

/// <summary>
/// Makes the folder a plan runs in: a copy of one synthesized stack folder (the stack file, byte for byte, and its
/// assets) plus one Terraform override file, <see cref="OverrideFileName"/>, which this class builds as JSON.
/// Terraform merges an <c>*_override.tf.json</c> into the configuration (it replaces the backend, replaces the
/// <c>aws</c> entry of required_providers, and adds arguments to each provider block), so the same override works
/// on the JSON and on the HCL stack and the stack file itself is planned as synthesized. The override:
/// <list type="bullet">
/// <item>a local backend in the copy's folder: no S3 bucket is needed, and no state a user keeps is ever read or
/// written (the state stack's own local backend path is replaced too);</item>
/// <item>with a mirrored provider, required_providers.aws.version = the mirrored version (the stack pins 6.x);</item>
/// <item>on every aws provider configuration (each alias the stack declares): dummy keys and the skip settings that
/// let the provider plan without an account.</item>
/// </list>
/// </summary>
public static class PlanCopy
{
    /// <summary>The override file's name (Terraform loads *_override.tf.json last and merges it).</summary>
    public const string OverrideFileName = "edge_router_plan_override.tf.json";

    /// <summary>
    /// Copies <paramref name="stackFolder"/> (holding <paramref name="stackFile"/> and assets/) to
    /// <paramref name="target"/> and writes the override. <paramref name="jsonStack"/> is the same stack as Terraform
    /// JSON, read for the provider aliases (for an HCL stack, its JSON twin from the same shape).
    /// <paramref name="breakStack"/> edits a JSON stack's copy (tests that prove an assertion can fail).
    /// </summary>
    public static void Write(string stackFolder, string stackFile, string target, JsonObject jsonStack,
        ProviderSource provider, Action<JsonObject>? breakStack = null)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        var source = Path.Combine(stackFolder, stackFile);
        if (breakStack is null)
        {
            File.Copy(source, Path.Combine(target, stackFile));
        }
        else
        {
            var broken = (JsonObject)JsonNode.Parse(File.ReadAllText(source))!;
            breakStack(broken);
            File.WriteAllText(Path.Combine(target, stackFile), broken.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        var assets = Path.Combine(stackFolder, "assets");
        if (Directory.Exists(assets))
        {
            CopyTree(assets, Path.Combine(target, "assets"));
        }

        File.WriteAllText(Path.Combine(target, OverrideFileName),
            Override(jsonStack, provider).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The override document for <paramref name="jsonStack"/>.</summary>
    public static JsonObject Override(JsonObject jsonStack, ProviderSource provider)
    {
        var terraform = new JsonObject
        {
            ["backend"] = new JsonObject { ["local"] = new JsonObject { ["path"] = "terraform.tfstate" } },
        };
        if (provider.OverridesVersion)
        {
            var pinned = jsonStack["terraform"]?["required_providers"]?["aws"] as JsonObject;
            terraform["required_providers"] = new JsonObject
            {
                ["aws"] = new JsonObject
                {
                    ["source"] = (string?)pinned?["source"] ?? "hashicorp/aws",
                    ["version"] = provider.MirroredVersion,
                },
            };
        }

        var providers = new JsonArray();
        foreach (var alias in ProviderAliases(jsonStack))
        {
            var settings = new JsonObject
            {
                ["access_key"] = "edge-router-plan-test",
                ["secret_key"] = "edge-router-plan-test",
                ["skip_credentials_validation"] = true,
                ["skip_requesting_account_id"] = true,
                ["skip_metadata_api_check"] = true,
                ["skip_region_validation"] = true,
            };
            if (alias is not null)
            {
                settings["alias"] = alias;
            }

            providers.Add(settings);
        }

        return new JsonObject { ["terraform"] = terraform, ["provider"] = new JsonObject { ["aws"] = providers } };
    }

    // Every aws provider block's alias (null: the default one); a stack with none still gets the default.
    private static List<string?> ProviderAliases(JsonObject stack)
    {
        var blocks = stack["provider"]?["aws"] switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };
        var aliases = blocks.Select(b => (string?)b["alias"]).Distinct().ToList();
        return aliases.Count > 0 ? aliases : [null];
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
