using System.Runtime.Versioning;
using Paralus.Cli.Config;
using Paralus.Cli.Tests.Infrastructure;

namespace Paralus.Cli.Tests.Config;

[UnsupportedOSPlatform("windows")] // reads Unix file modes
public sealed class ConfigStoreTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly CliTestHost _host = new();

    [Fact]
    public void Save_NewFile_IsOwnerReadWriteOnly_InAnOwnerOnlyFolder()
    {
        var path = Path.Combine(_host.Folder, "nested", "config");
        var store = new ConfigStore(path);

        store.Save(new CliConfig("http://paralus.test/", "secret-token", CliTestHost.Now, "admin@paralus.local"));

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal(new CliConfig("http://paralus.test/", "secret-token", CliTestHost.Now, "admin@paralus.local"), store.Load());
    }

    [Fact]
    public void Save_OverAWorldReadableFile_LeavesItOwnerOnly()
    {
        File.WriteAllText(_host.ConfigPath, "{}");
        File.SetUnixFileMode(_host.ConfigPath, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        new ConfigStore(_host.ConfigPath).Save(new CliConfig(Token: "secret-token"));

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_host.ConfigPath));
        Assert.Equal(["config"], Directory.GetFiles(_host.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Load_MissingFile_IsAnEmptyConfig()
    {
        Assert.Equal(new CliConfig(), new ConfigStore(Path.Combine(_host.Folder, "absent")).Load());
    }

    [Fact]
    public void Load_MalformedFile_SaysWhichFileAndWhatToDo()
    {
        File.WriteAllText(_host.ConfigPath, "server: yaml?");

        var error = Assert.Throws<CliUsageException>(() => new ConfigStore(_host.ConfigPath).Load());

        Assert.Contains(_host.ConfigPath, error.Message);
        Assert.Contains("paralus login", error.Message);
    }

    [Fact]
    public void PathFor_ParalusConfigVariable_WinsOverHome()
    {
        var environment = new CliEnvironment(new Dictionary<string, string> { ["PARALUS_CONFIG"] = "/tmp/x/config", ["HOME"] = "/home/someone" }, TimeProvider.System);

        Assert.Equal("/tmp/x/config", ConfigStore.PathFor(environment));
    }

    [Fact]
    public void PathFor_WithoutParalusConfig_IsDotParalusUnderHome()
    {
        var environment = new CliEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/someone" }, TimeProvider.System);

        Assert.Equal("/home/someone/.paralus/config", ConfigStore.PathFor(environment));
    }

    public void Dispose() => _host.Dispose();
}
