using Paralus.Sandbox.Auth;
using Paralus.Sandbox.Rbac;

namespace Paralus.Sandbox.Api;

/// <summary>
/// The apiserver's filter chain in one middleware: authenticate, impersonate, read the request
/// info, authorize with RBAC. Handlers find the outcome with <see cref="UserOf"/> and
/// <see cref="RequestInfoOf"/>.
/// </summary>
internal sealed class AccessControl(RequestDelegate next, Authenticator authenticator, RbacAuthorizer authorizer)
{
    /// <summary>Reachable by any authenticated caller without an RBAC rule.</summary>
    public const string EchoUpgradePath = "/sandbox/echo-upgrade";

    internal const string UserKey = "paralus.sandbox.user";
    private const string RequestInfoKey = "paralus.sandbox.requestinfo";

    public static UserInfo UserOf(HttpContext context) => (UserInfo)context.Items[UserKey]!;

    public static RequestInfo RequestInfoOf(HttpContext context) => (RequestInfo)context.Items[RequestInfoKey]!;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            var user = authenticator.Authenticate(context.Request) ?? throw StatusException.Unauthorized();
            user = Impersonation.Apply(context.Request, user, authorizer);
            var info = RequestInfo.Parse(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.Query);
            context.Items[UserKey] = user;
            context.Items[RequestInfoKey] = info;

            var attributes = new AuthorizationAttributes(user, info.Verb, info.IsResourceRequest, info.Path,
                info.ApiGroup, info.Resource, info.Subresource, info.Namespace, info.Name);
            var allowed = info.Path == EchoUpgradePath
                ? user.Name != UserInfo.Anonymous.Name
                : authorizer.Authorize(attributes).Allowed;
            if (!allowed)
                throw new StatusException(403, "Forbidden", attributes.ForbiddenMessage(), Impersonation.ForbiddenDetails(attributes));
        }
        catch (StatusException e)
        {
            await JsonResponses.WriteStatusAsync(context, e);
            return;
        }
        await next(context);
    }
}
