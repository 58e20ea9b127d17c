namespace Paralus.ClientMatrix.CSharp;

/// <summary>The operation ran but saw the wrong thing.</summary>
internal sealed class OperationFailedException(string message) : Exception(message);
