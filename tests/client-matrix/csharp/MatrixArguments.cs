namespace Paralus.ClientMatrix.CSharp;

/// <summary>The driver's fixed command line: <c>--kubeconfig FILE --namespace NS --pod POD</c>.</summary>
internal sealed record MatrixArguments(string Kubeconfig, string Namespace, string Pod)
{
    public static MatrixArguments? Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }
        return values.TryGetValue("--kubeconfig", out var kubeconfig)
            && values.TryGetValue("--namespace", out var ns)
            && values.TryGetValue("--pod", out var pod)
            && args.Count == 6
            ? new MatrixArguments(kubeconfig, ns, pod)
            : null;
    }
}
