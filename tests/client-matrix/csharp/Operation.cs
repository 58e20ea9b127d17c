namespace Paralus.ClientMatrix.CSharp;

/// <summary>One row of the matrix: runs once and returns what it saw, or throws.</summary>
internal sealed record Operation(string Name, Func<CancellationToken, Task<string>> RunAsync);
