namespace Paralus.Sandbox.Tests.Infrastructure;

/// <summary>Polls a condition with a bounded wait instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (clock.Elapsed > limit) throw new TimeoutException($"condition not met in time; last value: {value}");
            await Task.Delay(100);
        }
    }
}
