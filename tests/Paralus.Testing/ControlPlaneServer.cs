using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Paralus.Domain.Contracts;
using Paralus.Domain.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Paralus.Functions.Hosting;

namespace Paralus.Testing;

/// <summary>The real control-plane app on Kestrel (127.0.0.1, free port) against a real Azurite.</summary>
public sealed class ControlPlaneServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlPlaneServer(WebApplication app, Uri baseAddress, string stateFolder, string tablePrefix)
    {
        _app = app;
        BaseAddress = baseAddress;
        StateFolder = stateFolder;
        TablePrefix = tablePrefix;
    }

    public string TablePrefix { get; }

    /// <summary>The session-token signing key; relays that accept session tokens read the same file.</summary>
    public string SessionKeyFile => Path.Combine(StateFolder, "keys", "session.key");

    public Uri BaseAddress { get; }

    public string StateFolder { get; }

    public string AdminUser => "admin@paralus.local";

    /// <summary>Holds the first administrator's current password: the generated one until <see cref="LoginAsAdminAsync"/> replaced it.</summary>
    public string AdminPasswordFile => Path.Combine(StateFolder, "admin-password");

    public string AdminPassword => File.ReadAllText(AdminPasswordFile).Trim();

    private readonly SemaphoreSlim _adminSignIn = new(1, 1);

    public IServiceProvider Services => _app.Services;

    public static async Task<ControlPlaneServer> StartAsync(AzuriteServer azurite, string tablePrefix, string? stateFolder = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? services = null, int port = 0)
    {
        var state = stateFolder ?? Directory.CreateTempSubdirectory("paralus-test-").FullName;
        var app = ControlPlaneApp.Build([], builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Paralus:Storage:ConnectionString"] = azurite.ConnectionString,
                ["Paralus:Storage:TablePrefix"] = tablePrefix,
                ["Paralus:ControlPlane:AdminPasswordFile"] = Path.Combine(state, "admin-password"),
                ["Paralus:Auth:SigningKeyFile"] = Path.Combine(state, "keys", "session.key"),
                ["Paralus:Secrets:KeyFile"] = Path.Combine(state, "keys", "secrets.key"),
                ["Paralus:Certificates:Folder"] = Path.Combine(state, "ca"),
                ["Logging:LogLevel:Default"] = "Warning",
            };
            // A known port (an identity provider must have the sign-in callback registered before the server starts) is also its public URL.
            if (port != 0) values["Paralus:Registration:ControlPlaneUrl"] = $"http://127.0.0.1:{port}";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
            builder.Configuration.AddInMemoryCollection(values);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            if (time is not null) builder.Services.AddSingleton(time);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlPlaneServer(app, new Uri(address), state, tablePrefix);
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> LoginAsync(string user, string password) => (await LoginResponseAsync(user, password)).Token;

    public async Task<LoginResponse> LoginResponseAsync(string user, string password)
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new LoginRequest(user, password));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResponse>())!;
    }

    /// <summary>
    /// A full session of the first administrator. The first sign-in replaces the generated password, as it must, with
    /// another random one kept in <see cref="AdminPasswordFile"/> (as <c>./run.sh</c> does).
    /// </summary>
    public async Task<string> LoginAsAdminAsync()
    {
        await _adminSignIn.WaitAsync();
        try
        {
            var login = await LoginResponseAsync(AdminUser, AdminPassword);
            if (login.Restriction != SessionRestrictions.PasswordChange) return login.Token;
            var replacement = RandomTokens.Password();
            using var client = Client(login.Token);
            var response = await client.PostAsJsonAsync("/api/v1/auth/password", new ChangePasswordRequest(AdminPassword, replacement));
            response.EnsureSuccessStatusCode();
            await File.WriteAllTextAsync(AdminPasswordFile, replacement + "\n");
            return (await response.Content.ReadFromJsonAsync<LoginResponse>())!.Token;
        }
        finally
        {
            _adminSignIn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _adminSignIn.Dispose();
    }
}
