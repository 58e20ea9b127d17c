namespace Paralus.Cli.Config;

/// <summary>
/// An exclusive lock on <c>CONFIG.lock</c> while a session is renewed. kubectl may run several <c>paralus credential</c>
/// at once, and a refresh token is single use: without the lock two of them would both send it, and one would lose
/// (or the server would take the reuse for theft and end the sign-in).
/// </summary>
internal sealed class ConfigLock : IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    private readonly FileStream _file;

    private ConfigLock(FileStream file) => _file = file;

    public static async Task<ConfigLock> AcquireAsync(ConfigStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var path = store.Path + ".lock";
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var giveUpAt = timeProvider.GetUtcNow() + GiveUpAfter;
        while (true)
        {
            try
            {
                return new ConfigLock(new FileStream(path, options));
            }
            catch (IOException) when (timeProvider.GetUtcNow() < giveUpAt)
            {
                // Another paralus is renewing: wait for it, then use what it saved.
                await Task.Delay(RetryEvery, timeProvider, cancellationToken);
            }
            catch (IOException exception)
            {
                throw new IOException($"another paralus has held {path} for more than {GiveUpAfter.TotalSeconds:0} s: {exception.Message}", exception);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
