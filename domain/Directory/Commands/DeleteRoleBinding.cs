namespace Paralus.Domain.Directory.Commands;

public sealed record DeleteRoleBinding(string Id) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view) =>
        view.Bindings.TryGetValue(Id, out var binding)
            ? Mutation.Apply(new DirectoryChangeSet().Delete(binding), true)
            : DirectoryError.NotFound("rolebinding", Id);
}
