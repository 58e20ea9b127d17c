using System.Security.Cryptography.X509Certificates;
using Paralus.Infrastructure.Sessions;

namespace Paralus.Relay.Access;

/// <summary>
/// The authenticated person behind a kubectl request, with the credential they proved it with (a kubeconfig
/// certificate or a session), so an open stream can be judged again when the directory changes.
/// </summary>
internal sealed record RelayUser(string UserId, string UserName, X509Certificate2? Certificate, SessionClaims? Session);
