// Client matrix, C# column: KubernetesClient against one cluster.
//
// Usage: dotnet Paralus.ClientMatrix.CSharp.dll --kubeconfig FILE --namespace NS --pod POD
// Prints one line per operation on stdout: <operation>\t<ok|fail|n/a>\t<detail>; diagnostics go to
// stderr. Exits 0 once every operation has run, whatever the results.
using k8s;
using Paralus.ClientMatrix.CSharp;

if (MatrixArguments.Parse(args) is not { } arguments)
{
    await Console.Error.WriteLineAsync(
        "usage: Paralus.ClientMatrix.CSharp --kubeconfig FILE --namespace NS --pod POD");
    return 2;
}

var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(arguments.Kubeconfig);
var headersClock = new WatchHeadersClock(TimeProvider.System);
using var client = new Kubernetes(configuration, headersClock);
var operations = new MatrixOperations(client, headersClock, arguments.Namespace, arguments.Pod, TimeProvider.System);
var runner = new OperationRunner(Console.Out, Console.Error, TimeProvider.System);
foreach (var operation in operations.All())
{
    await runner.RunAsync(operation);
}
return 0;
