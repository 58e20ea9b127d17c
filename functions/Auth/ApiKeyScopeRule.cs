using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Paralus.Domain.Model;

namespace Paralus.Functions.Auth;

/// <summary>
/// Part of the API's default policy: a read-only API key may only read. Kubeconfigs are issued by POST, so such a
/// key cannot mint credentials either.
/// </summary>
internal static class ApiKeyScopeRule
{
    private static readonly string ReadOnly = ApiKey.ScopeName(ApiKeyScope.ReadOnly);

    public static bool Allows(AuthorizationHandlerContext context) =>
        context.User.FindFirstValue(ParalusClaims.ApiKeyScope) != ReadOnly
        || (context.Resource is HttpContext http && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)));
}
