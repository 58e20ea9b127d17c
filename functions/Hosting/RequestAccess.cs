using Paralus.Core.Policy;
using Paralus.Core.Storage;
using Paralus.Functions.Auth;

namespace Paralus.Functions.Hosting;

/// <summary>Who is asking, the directory as of this request, and the policy compiled from it.</summary>
internal sealed record RequestAccess(Caller Caller, DirectoryView View, PolicySnapshot Policy);
