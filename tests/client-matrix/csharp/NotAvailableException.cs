namespace Paralus.ClientMatrix.CSharp;

/// <summary>The library cannot do this operation; the message says why.</summary>
internal sealed class NotAvailableException(string message) : Exception(message);
