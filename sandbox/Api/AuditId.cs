namespace Paralus.Sandbox.Api;

/// <summary>
/// As the kube-apiserver does: a request's <c>Audit-ID</c> header becomes its audit ID (a new one when there is none),
/// and every answer carries it back as <c>Audit-Id</c>.
/// </summary>
internal sealed class AuditId(RequestDelegate next)
{
    public const string Header = "Audit-ID";

    public Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Headers[Header].ToString() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        context.Response.Headers["Audit-Id"] = id;
        return next(context);
    }
}
