namespace Paralus.Agent.Registration;

/// <summary>The control plane answered a registration or renewal with an error.</summary>
internal sealed class RegistrationRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
