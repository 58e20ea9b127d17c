using Paralus.Core.Policy;
using Paralus.Core.Storage;

namespace Paralus.Relay.Access;

/// <summary>A directory view and the policy compiled from it, swapped together.</summary>
internal sealed record RelaySnapshot(DirectoryView View, PolicySnapshot Policy);
