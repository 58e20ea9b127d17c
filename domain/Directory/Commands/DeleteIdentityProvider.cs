namespace Paralus.Domain.Directory.Commands;

/// <summary>An identity provider. Its users stay, with their bindings, but cannot sign in through it any more.</summary>
public sealed record DeleteIdentityProvider(string Name) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view) =>
        view.IdentityProviderByName(Name) is { } provider
            ? Mutation.Apply(new DirectoryChangeSet().Delete(provider), true)
            : DirectoryError.NotFound("identity provider", Name);
}
