using Paralus.Cli;

// Ctrl+C cancels the running request instead of killing the process mid-write of the config file.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await ParalusCli.RunAsync(args, CliConsole.FromProcess(), CliEnvironment.FromProcess(), cancellation.Token);
