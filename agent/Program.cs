using Paralus.Agent.Hosting;

await AgentApp.Build(args).RunAsync();
