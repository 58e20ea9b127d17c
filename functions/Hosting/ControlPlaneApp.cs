namespace Paralus.Functions.Hosting;

/// <summary>Builds the control-plane app; tests use the hook to point it at their own storage and port.</summary>
public static class ControlPlaneApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddControlPlane();
        configure?.Invoke(builder);
        return builder.Build().UseControlPlane();
    }
}
