using Paralus.Domain.Model;
using Paralus.Domain.Policy;

namespace Paralus.Bench.Policy;

/// <summary>For picking questions a user is likely to be allowed: the project and namespace bindings of them or their groups.</summary>
internal sealed class BindingsOfUsers(DirectoryState state, PolicySnapshot snapshot)
{
    private readonly Dictionary<SubjectRef, RoleBinding[]> _bindingsBySubject = state.Bindings
        .Where(b => b.Scope.ProjectId is { } p && p != BindingScope.Wildcard)
        .GroupBy(b => b.Subject)
        .ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>A binding on the user or one of their groups; null when they hold none.</summary>
    public RoleBinding? PickFor(string userId, Random random)
    {
        var bindings = snapshot.GetGroupsOfUser(userId)
            .Select(g => SubjectRef.Group(g.Id))
            .Append(SubjectRef.User(userId))
            .SelectMany(s => _bindingsBySubject.GetValueOrDefault(s) ?? [])
            .ToArray();
        return bindings.Length == 0 ? null : bindings[random.Next(bindings.Length)];
    }
}
