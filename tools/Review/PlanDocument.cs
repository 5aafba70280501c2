using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.Review;

/// <summary>
/// A plan as <c>terraform show -json</c> writes it (format 1.x), checked against the stack it claims to be of, with
/// every resource change tied to its construct. A binary plan (what <c>terraform plan -out</c> saves, a zip) is
/// converted by running <c>terraform show -json</c> in the stack's folder, which must be initialized (make plan did).
/// </summary>
/// <param name="Source">The file read.</param>
/// <param name="Json">The whole plan JSON.</param>
/// <param name="Stack">The synthesized stack it was checked against.</param>
/// <param name="Changes">Every entry of resource_changes, in the plan's order.</param>
public sealed record PlanDocument(string Source, JsonObject Json, StackMetadata Stack, IReadOnlyList<ResourceChange> Changes)
{
    /// <summary>The value of the Terraform variable <paramref name="name"/> in this plan; null when absent.</summary>
    public JsonNode? Variable(string name) => Json["variables"]?[name]?["value"];

    /// <summary>The Terraform version that made the plan.</summary>
    public string TerraformVersion => (Json["terraform_version"] as JsonValue)?.GetValue<string>() ?? "?";

    /// <summary>The configuration block of the resource at <paramref name="resourceAddress"/> (its expressions, references).</summary>
    public JsonObject? Configuration(string resourceAddress) =>
        (Json["configuration"]?["root_module"]?["resources"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => (string?)r["address"] == resourceAddress);

    /// <summary>The values of the (first) instance at <paramref name="resourceAddress"/> in the plan's prior_state; null when absent.</summary>
    public JsonNode? PriorValues(string resourceAddress) =>
        (Json["prior_state"]?["values"]?["root_module"]?["resources"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => (string?)r["address"] == resourceAddress || ((string?)r["address"])?.StartsWith(resourceAddress + "[", StringComparison.Ordinal) == true)?["values"];

    /// <summary>The change of the instance at <paramref name="address"/>, if the plan has one.</summary>
    public ResourceChange? Change(string address) => Changes.FirstOrDefault(c => c.Address == address);

    /// <summary>Reads <paramref name="planFile"/> (binary or JSON) of the stack in <paramref name="stackFile"/>.</summary>
    /// <param name="planFile">A saved plan or its <c>terraform show -json</c>.</param>
    /// <param name="stackFile">The stack's cdk.tf.json.</param>
    /// <param name="terraform">The terraform executable for a binary plan.</param>
    /// <param name="workingDirectory">Where terraform runs for a binary plan (initialized); default the stack's folder.</param>
    public static PlanDocument Load(string planFile, string stackFile, string terraform = "terraform", string? workingDirectory = null)
    {
        var stack = StackMetadata.Read(stackFile);
        if (!File.Exists(planFile))
        {
            throw new ReviewInputException($"no plan at {planFile}: run make plan first, or name one with PLAN=FILE");
        }

        var bytes = File.ReadAllBytes(planFile);
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
        {
            CheckKeptPlanStack(planFile, stack);
            bytes = ShowJson(planFile, terraform, workingDirectory ?? Path.GetDirectoryName(Path.GetFullPath(stackFile))!);
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) as JsonObject
                ?? throw new ReviewInputException($"{planFile} is not a Terraform plan (not a JSON object)");
        }
        catch (JsonException error)
        {
            throw new ReviewInputException($"{planFile} is neither a saved plan nor valid plan JSON (truncated?): {error.Message}");
        }

        return FromJson(planFile, json, stack);
    }

    /// <summary>Checks <paramref name="json"/> and ties its changes to <paramref name="stack"/>.</summary>
    public static PlanDocument FromJson(string source, JsonObject json, StackMetadata stack)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(stack);
        var format = (json["format_version"] as JsonValue)?.ToString();
        if (format is null)
        {
            throw new ReviewInputException($"{source} is not a Terraform plan (no format_version)");
        }

        if (json["resource_changes"] is null && json["planned_values"] is null)
        {
            throw new ReviewInputException(json["values"] is not null
                ? $"{source} is a Terraform state, not a plan: review a plan (make plan, then make review)"
                : $"{source} is not a Terraform plan (no resource_changes or planned_values)");
        }

        if (!format.StartsWith("1.", StringComparison.Ordinal))
        {
            throw new ReviewInputException($"{source}: plan format {format} is not one this review reads (1.x)");
        }

        if (json["errored"] is JsonValue errored && errored.TryGetValue<bool>(out var failed) && failed)
        {
            throw new ReviewInputException($"{source} is a plan that errored: terraform could not finish it, so there is nothing to review");
        }

        // Terraform 1.10+ writes "complete": false when it deferred changes to a later plan (unknown count or
        // for_each with deferral allowed): what that later plan does was never in this one, so never reviewed.
        if (json["complete"] is JsonValue complete && complete.TryGetValue<bool>(out var whole) && !whole)
        {
            throw new ReviewInputException($"{source} is an incomplete plan (complete: false): terraform deferred some changes to a later plan, which this review would never see; plan without deferral");
        }

        CheckSameStack(source, json, stack);
        var changes = new List<ResourceChange>();
        foreach (var entry in (json["resource_changes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var address = (string?)entry["address"] ?? throw new ReviewInputException($"{source}: a resource change without an address");
            var mode = (string?)entry["mode"] ?? "managed";
            var type = (string?)entry["type"] ?? "";
            var name = (string?)entry["name"] ?? "";
            var resourceAddress = (mode == "data" ? "data." : "") + $"{type}.{name}";
            if (entry["module_address"] is JsonValue module)
            {
                resourceAddress = $"{module}.{resourceAddress}";
            }

            var change = entry["change"] as JsonObject ?? throw new ReviewInputException($"{source}: {address} has no change");
            var actions = (change["actions"] as JsonArray)?.Select(a => (string?)a).ToList() ?? [];
            var kind = KindOf(actions, source, address);
            CheckEntry(source, address, resourceAddress, mode, kind, stack, changes);
            stack.ConstructPaths.TryGetValue(resourceAddress, out var constructPath);
            changes.Add(new ResourceChange(address, resourceAddress, mode, type, kind, change,
                (string?)entry["action_reason"], constructPath)
            {
                ReplacePaths = (change["replace_paths"] as JsonArray)?.OfType<JsonArray>()
                    .Select(p => AttributeDiff.PathText(p.Select(s => s is JsonValue v && v.TryGetValue<int>(out var i) ? (object)i : s?.ToString() ?? "")))
                    .ToList() ?? [],
            });
        }

        CheckCompleteness(source, json, changes);
        return new PlanDocument(source, json, stack, changes);
    }

    // Terraform lists every managed instance of the planned state and of the prior state in resource_changes (no-ops
    // included). A change taken out of resource_changes (the one entry a rule would find) leaves it in planned_values
    // or prior_state: the plan was edited or cut, and reviewing the rest would pass what was removed.
    private static void CheckCompleteness(string source, JsonObject json, List<ResourceChange> changes)
    {
        var listed = changes.Where(c => c.Mode == "managed").Select(c => c.Address).ToHashSet(StringComparer.Ordinal);
        var kept = changes.Where(c => c.Mode == "managed" && c.Kind != ChangeKind.Delete).Select(c => c.Address).ToHashSet(StringComparer.Ordinal);
        var planned = ManagedAddresses(json["planned_values"]?["root_module"]);
        var prior = ManagedAddresses(json["prior_state"]?["values"]?["root_module"]);
        var missing = planned.Where(a => !kept.Contains(a)).Concat(prior.Where(a => !listed.Contains(a)))
            .Concat(kept.Where(a => !planned.Contains(a) && json["planned_values"] is not null))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new ReviewInputException($"{source}: resource_changes does not match planned_values and prior_state at {missing.Count} address(es) (e.g. {missing[0]}): the plan was edited or cut; make plan again");
        }
    }

    private static HashSet<string> ManagedAddresses(JsonNode? module)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<JsonNode?>([module]);
        while (queue.Count > 0 && queue.Dequeue() is JsonObject current)
        {
            foreach (var resource in (current["resources"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((string?)resource["mode"] == "managed" && (string?)resource["address"] is { } address)
                {
                    found.Add(address);
                }
            }

            foreach (var child in current["child_modules"] as JsonArray ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return found;
    }

    // Terraform writes each instance once, its address made of its mode, type, name and key, and changes only what
    // the configuration declares (or deletes what it no longer does). An entry that breaks this was edited by hand:
    // the rules read type and name, ALLOW reads the address, so a mismatch could point one at a resource the other
    // does not see.
    private static void CheckEntry(string source, string address, string resourceAddress, string mode, ChangeKind kind, StackMetadata stack, List<ResourceChange> earlier)
    {
        if (mode is not ("managed" or "data"))
        {
            throw new ReviewInputException($"{source}: {address} has mode \"{mode}\" (terraform writes managed or data): the plan was edited; make plan again");
        }

        var key = address.StartsWith(resourceAddress, StringComparison.Ordinal) ? address[resourceAddress.Length..] : null;
        if (key is null || (key.Length > 0 && !(key.StartsWith('[') && key.EndsWith(']'))))
        {
            throw new ReviewInputException($"{source}: the change at {address} says it is of {resourceAddress} (its type and name): the plan was edited; make plan again");
        }

        if (earlier.Any(c => c.Address == address))
        {
            throw new ReviewInputException($"{source}: {address} has two changes: the plan was edited; make plan again");
        }

        if (kind is not (ChangeKind.Delete or ChangeKind.NoOp) && !stack.ConstructPaths.ContainsKey(resourceAddress))
        {
            throw new ReviewInputException($"{source}: {address} is planned ({kind}) but the stack {stack.StackName} does not declare {resourceAddress}: the plan was edited, or is of another synth; make plan again");
        }
    }

    private static ChangeKind KindOf(List<string?> actions, string source, string address) => actions switch
    {
        ["no-op"] => ChangeKind.NoOp,
        ["create"] => ChangeKind.Create,
        ["update"] => ChangeKind.Update,
        ["delete"] => ChangeKind.Delete,
        ["read"] => ChangeKind.Read,
        ["delete", "create"] or ["create", "delete"] => ChangeKind.Replace,
        // "forget" (Terraform 1.7+ removed blocks): the object stays, Terraform stops managing it.
        ["forget"] => ChangeKind.Delete,
        _ => throw new ReviewInputException($"{source}: {address} has actions [{string.Join(",", actions)}], which this review does not know"),
    };

    // A plan of another stack, or of an older synth: its configuration's resources are not the stack's.
    private static void CheckSameStack(string source, JsonObject json, StackMetadata stack)
    {
        var planned = (json["configuration"]?["root_module"]?["resources"] as JsonArray)?.OfType<JsonObject>()
            .Select(r => (string?)r["address"]).OfType<string>().ToHashSet(StringComparer.Ordinal)
            ?? throw new ReviewInputException($"{source} is not a Terraform plan (no configuration.root_module)");
        var notInStack = planned.Where(a => !stack.ConstructPaths.ContainsKey(a)).Order(StringComparer.Ordinal).ToList();
        var notInPlan = stack.ConstructPaths.Keys.Where(a => !planned.Contains(a)).Order(StringComparer.Ordinal).ToList();
        if (notInStack.Count > 0 || notInPlan.Count > 0)
        {
            throw new ReviewInputException(
                $"{source} is not a plan of the stack {stack.StackName} in {stack.File}: " +
                (notInStack.Count > 0 ? $"{notInStack.Count} planned resource(s) are not in the stack (e.g. {notInStack[0]})" : "") +
                (notInStack.Count > 0 && notInPlan.Count > 0 ? " and " : "") +
                (notInPlan.Count > 0 ? $"{notInPlan.Count} of the stack's are not in the plan (e.g. {notInPlan[0]})" : "") +
                "; synth and plan again, or name the stack you planned with REVIEW_STACK=…/cdk.tf.json");
        }
    }

    // make plan writes <plan>.json beside the plan it keeps, naming the stack (its folder) it planned. The
    // environments' stacks declare the same resources, so only this tells a staging plan reviewed as production's
    // (make review ENV=production PLAN=state/plans/edge-router-staging.tfplan) from the real one.
    private static void CheckKeptPlanStack(string planFile, StackMetadata stack)
    {
        var info = planFile + ".json";
        if (!File.Exists(info))
        {
            return;
        }

        string? planned;
        try
        {
            planned = (JsonNode.Parse(File.ReadAllBytes(info))?["stack"] as JsonValue)?.ToString();
        }
        catch (JsonException)
        {
            throw new ReviewInputException($"{info}, which make plan wrote beside {planFile}, is not JSON: the kept plan was edited; make plan again");
        }

        // The stack's name, or its folder's (make plan names the kept plan by the folder; a copy may be renamed).
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(stack.File)));
        if (planned is not null && planned != stack.StackName && planned != folder)
        {
            throw new ReviewInputException($"{planFile} is the plan of the stack {planned} ({info}), not of {stack.StackName} ({stack.File}): review it with that stack (make review ENV=… of that environment), or plan this one");
        }
    }

    private static byte[] ShowJson(string planFile, string terraform, string workingDirectory)
    {
        var start = new ProcessStartInfo(terraform)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { "show", "-json", "-no-color", Path.GetFullPath(planFile) })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ReviewInputException($"cannot start {terraform}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ReviewInputException($"{planFile} is a saved plan, and reading it needs terraform, which could not be started ({terraform}); or give its terraform show -json");
        }

        using (process)
        {
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            copy.Wait();
            if (process.ExitCode != 0)
            {
                var first = errors.Result.Split('\n').Select(l => l.Trim(' ', '│', '╷', '╵')).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("Warning", StringComparison.Ordinal) && l != "Error:")
                    ?? $"exit {process.ExitCode}";
                throw new ReviewInputException($"terraform show -json {planFile} (in {workingDirectory}) failed: {first}");
            }

            return output.ToArray();
        }
    }
}
