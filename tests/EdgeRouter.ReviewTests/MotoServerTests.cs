using System.Collections;
using System.Net;
using System.Text;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// The moto the review tests apply and plan against, started from a user's shell: their AWS settings must not reach
/// it (botocore inside moto reads them, and an unknown profile failed every API Gateway call, so the suite hung).
/// </summary>
public sealed class MotoServerTests
{
    [Fact]
    public async Task A_profile_of_the_users_own_does_not_reach_moto()
    {
        var inherited = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        inherited["AWS_PROFILE"] = "edge-router-no-such-profile";
        using var moto = await MotoServer.Start(Path.Combine(Suite.Current.WorkRoot, "moto-user-profile.log"), inherited);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        // An HTTP API, as the stack's router has: moto routes the call by the Authorization header's credential scope
        // (its signature is never checked); with the profile reaching moto, this answered 500 ProfileNotFound.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{moto.Endpoint}/v2/apis"))
        {
            Content = new StringContent("""{"name":"edge-router-moto-check","protocolType":"HTTP"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20261205/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0");
        using var answer = await http.SendAsync(request);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode}: {body[..Math.Min(body.Length, 400)]} (moto's log: {moto.Log})");
        Assert.Contains("\"name\": \"edge-router-moto-check\"", body, StringComparison.Ordinal);
    }
}
