using System.Text.Json;
using Paralus.Domain.Contracts;

namespace Paralus.Agent.Registration;

/// <summary>The two control-plane calls an agent makes; a refusal carries the server's message.</summary>
internal sealed class ControlPlaneClient(HttpClient http)
{
    public Task<RegisterClusterResponse> RegisterAsync(RegisterClusterRequest request, CancellationToken cancellationToken) =>
        PostAsync<RegisterClusterRequest, RegisterClusterResponse>("api/v1/clusters/register", request, cancellationToken);

    public Task<RenewAgentCertificateResponse> RenewAsync(RenewAgentCertificateRequest request, CancellationToken cancellationToken) =>
        PostAsync<RenewAgentCertificateRequest, RenewAgentCertificateResponse>("api/v1/clusters/renew", request, cancellationToken);

    private async Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistrationRefusedException((int)response.StatusCode, ProblemDetail(body) ?? response.ReasonPhrase ?? "no reason given");
        }
        return JsonSerializer.Deserialize<TResponse>(body, JsonSerializerOptions.Web)
            ?? throw new RegistrationRefusedException((int)response.StatusCode, "the control plane answered with an empty body");
    }

    private static string? ProblemDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
