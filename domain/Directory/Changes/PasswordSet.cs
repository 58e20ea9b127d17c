namespace Paralus.Domain.Directory.Changes;

/// <summary>
/// A local user's password hash, stored beside the user but never part of <see cref="Model.User"/>, so it cannot reach
/// an API response. Replacing the user keeps the hash it has.
/// </summary>
public sealed record PasswordSet(string UserId, string Hash) : DirectoryChange;
