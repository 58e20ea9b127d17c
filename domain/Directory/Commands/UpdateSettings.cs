using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Commands;

/// <summary>The organization's settings, written only while they are still at <paramref name="ExpectedETag"/>.</summary>
public sealed record UpdateSettings(OrganizationSettings Settings, string ExpectedETag) : IDirectoryCommand<bool>
{
    public Mutation<bool> Plan(DirectoryView view) =>
        view.Settings.ETag == ExpectedETag
            ? Mutation.Apply(new DirectoryChangeSet().ReplaceSettings(Settings, view.HasStoredSettings ? view.Settings.ETag : null), true)
            : DirectoryError.ChangedConcurrently("settings", "organization");
}
