using System.Diagnostics;
using Paralus.Sandbox.Auth;

namespace Paralus.Sandbox.Api;

/// <summary>One Information line per request (visible with <c>--verbose</c>), written when it ends.</summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var user = context.Items.TryGetValue(AccessControl.UserKey, out var value) && value is UserInfo u ? u.Name : "-";
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogRequest(logger, context.Request.Method, context.Request.Path, context.Request.QueryString, context.Response.StatusCode, user, elapsed);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Method} {Path}{Query} {Status} user={User} {Elapsed}")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, QueryString query, int status, string user, TimeSpan elapsed);
}
