using Xunit;

namespace Paralus.Testing;

/// <summary>Polls a condition that becomes true asynchronously (snapshot refresh, controllers), bounded in time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {seconds} s");
            await Task.Delay(250);
        }
    }

    /// <summary>The first non-null value <paramref name="produce"/> gives, polled the same way.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> produce, int seconds = 20) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await produce() is { } value) return value;
            Assert.True(DateTime.UtcNow < deadline, $"no value within {seconds} s");
            await Task.Delay(250);
        }
    }
}
