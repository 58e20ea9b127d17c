using Paralus.Relay.Hosting;

await RelayApp.Build(args).RunAsync();
