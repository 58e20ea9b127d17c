using Paralus.Domain.Model;

namespace Paralus.Domain.Directory.Changes;

/// <summary>The organization's settings, replacing the stored ones at <paramref name="ETag"/>, or the defaults when null.</summary>
public sealed record SettingsReplaced(OrganizationSettings Settings, string? ETag) : DirectoryChange;
