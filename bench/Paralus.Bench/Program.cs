using Paralus.Bench;
using Paralus.Bench.Audit;
using Paralus.Bench.Policy;
using Paralus.Bench.Relay;
using Paralus.Bench.Revocation;

// Each benchmark is a subcommand; with none named, all run.
IBenchmark[] benchmarks = [new PolicyBenchmark(), new RelayBenchmark(), new RevocationBenchmark(), new AuditBenchmark(), new AuditQueryBenchmark(), new RelayAuditCostBenchmark()];

// The bench starts itself as the client that holds open watches (see WatchHolder), so its memory is counted apart.
if (args is [WatchHolder.Command, ..]) return await WatchHolder.RunAsync(args);

if (args is ["-h" or "--help" or "--list", ..])
{
    Console.WriteLine("usage: Paralus.Bench [NAME...]   (no name: run all)");
    foreach (var benchmark in benchmarks) Console.WriteLine($"  {benchmark.Name,-12} {benchmark.Description}");
    return 0;
}

var unknown = args.Where(a => benchmarks.All(b => b.Name != a)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown benchmark(s): {string.Join(", ", unknown)}; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

var machine = MachineInfo.Current();
var results = ResultsDirectory.Locate();
Directory.CreateDirectory(results);
var allPassed = true;
foreach (var benchmark in benchmarks.Where(b => args.Length == 0 || args.Contains(b.Name)))
{
    Console.Error.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    var report = benchmark.Run(Console.Error);
    var markdown = report.ToMarkdown(machine);
    Console.WriteLine(markdown);
    var path = Path.Combine(results, benchmark.Name + ".md");
    File.WriteAllText(path, markdown);
    Console.Error.WriteLine($"saved {path}");
    allPassed &= report.Passed;
}

return allPassed ? 0 : 1;
