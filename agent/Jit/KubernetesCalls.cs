using System.Net;
using k8s.Autorest;

namespace Paralus.Agent.Jit;

/// <summary>Idempotent apiserver calls: creating what exists, or deleting what is gone, is the goal already reached.</summary>
internal static class KubernetesCalls
{
    public static async Task CreateIfMissingAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    public static async Task IgnoreNotFoundAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
}
