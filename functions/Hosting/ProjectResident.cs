using Paralus.Core.Storage;

namespace Paralus.Functions.Hosting;

/// <summary>
/// How to find a thing that lives in a project (the project itself, a cluster) by name, and what reading it there
/// takes: a caller without <see cref="ReadPermission"/> in its project is answered exactly as if it did not exist.
/// </summary>
/// <param name="Field">The request-body field that named it (answered 400 naming the field), or null for a path (404).</param>
internal sealed record ProjectResident<T>(string Kind, string Name, string ReadPermission, Func<DirectoryView, Stored<T>?> Find, Func<T, string> ProjectIdOf, string? Field = null)
{
    public IResult Missing() => Field is null ? Problems.NotFound(Kind, Name) : Problems.Invalid(Field, $"{Kind} '{Name}' does not exist.");
}
