using System.Text.Json;
using k8s.Autorest;

namespace Paralus.ClientMatrix.CSharp;

/// <summary>
/// Runs each operation with its own time limit and turns every outcome into exactly one
/// <c>name\tresult\tdetail</c> line, so a failure or a hang is a row of the report, never a crash.
/// </summary>
internal sealed class OperationRunner(TextWriter report, TextWriter diagnostics, TimeProvider time)
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public async Task RunAsync(Operation operation)
    {
        var started = time.GetTimestamp();
        using var cancellation = new CancellationTokenSource(Limit, time);
        string result;
        string detail;
        try
        {
            // WaitAsync too: a library call that ignores the token still ends the operation in time.
            detail = await operation.RunAsync(cancellation.Token).WaitAsync(Limit, time);
            result = "ok";
        }
        catch (NotAvailableException e)
        {
            result = "n/a";
            detail = e.Message;
        }
        catch (Exception e)
        {
            await diagnostics.WriteLineAsync($"{operation.Name}: {e}");
            result = "fail";
            detail = Describe(e);
        }
        detail = string.Join(' ', detail.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        detail = detail[..Math.Min(detail.Length, 300)];
        if (result != "n/a")
        {
            detail += $"; {Seconds(time.GetElapsedTime(started))} total";
        }
        await report.WriteLineAsync($"{operation.Name}\t{result}\t{detail}");
        await report.FlushAsync();
    }

    public static string Seconds(TimeSpan elapsed) => $"{elapsed.TotalSeconds:0.00} s";

    private static string Describe(Exception e) => e switch
    {
        OperationFailedException => e.Message,
        TimeoutException or OperationCanceledException => $"no result within {Limit.TotalSeconds:0} s",
        HttpOperationException http => $"HTTP {(int)http.Response.StatusCode}: {StatusMessage(http.Response.Content)}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static string StatusMessage(string body)
    {
        try
        {
            using var status = JsonDocument.Parse(body);
            return status.RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }
}
