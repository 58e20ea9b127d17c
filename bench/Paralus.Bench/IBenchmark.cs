namespace Paralus.Bench;

/// <summary>One named measurement the harness can run: `Paralus.Bench NAME`.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    BenchmarkReport Run(TextWriter progress);
}
