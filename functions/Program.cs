using Paralus.Functions.Hosting;

var app = ControlPlaneApp.Build(args);
await app.RunAsync();
