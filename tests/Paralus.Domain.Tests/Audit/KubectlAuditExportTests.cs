using System.Text.Json;
using Paralus.Domain.Audit;

namespace Paralus.Domain.Tests.Audit;

public sealed class KubectlAuditExportTests
{
    private static readonly KubectlAuditEvent Deleted = new("3f1c0e7a-1", new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), "org-1", "aws", "sandbox",
        "user-1", "sally@example.com", "certificate", "10.0.0.7", "kubectl/v1.33.0", "delete", "apps", "deployments", null, "apple", "nginx",
        "/apis/apps/v1/namespaces/apple/deployments/nginx", 200, KubectlAuditDecisions.Allow, "binding b1 grants NAMESPACE_ADMIN", 42, null, 120,
        "sally-64example-46com");

    [Fact]
    public void KubernetesEvent_PutsThePersonInUser_TheJitAccountInImpersonatedUser_AndTheDecisionInAnnotations()
    {
        using var line = JsonDocument.Parse(KubectlAuditExport.Line(KubectlAuditExport.Kubernetes, Deleted, _ => { }));
        var e = line.RootElement;

        Assert.Equal(("Event", "audit.k8s.io/v1", "3f1c0e7a-1", "ResponseComplete", "delete"),
            (e.GetProperty("kind").GetString(), e.GetProperty("apiVersion").GetString(), e.GetProperty("auditID").GetString(), e.GetProperty("stage").GetString(), e.GetProperty("verb").GetString()));
        Assert.Equal("sally@example.com", e.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal("system:serviceaccount:paralus-system:sally-64example-46com", e.GetProperty("impersonatedUser").GetProperty("username").GetString());
        Assert.Equal(("deployments", "apple", "nginx", "apps"), (e.GetProperty("objectRef").GetProperty("resource").GetString(),
            e.GetProperty("objectRef").GetProperty("namespace").GetString(), e.GetProperty("objectRef").GetProperty("name").GetString(), e.GetProperty("objectRef").GetProperty("apiGroup").GetString()));
        Assert.Equal(200, e.GetProperty("responseStatus").GetProperty("code").GetInt32());
        Assert.Equal("2026-12-07T10:00:00.000000Z", e.GetProperty("requestReceivedTimestamp").GetString());
        Assert.Equal("2026-12-07T10:00:00.042000Z", e.GetProperty("stageTimestamp").GetString());
        Assert.Equal("allow", e.GetProperty("annotations").GetProperty("authorization.k8s.io/decision").GetString());
        Assert.Equal("aws", e.GetProperty("annotations").GetProperty("paralus.io/project").GetString());

        using var denied = JsonDocument.Parse(KubectlAuditExport.Line(KubectlAuditExport.Kubernetes, Deleted with { Decision = KubectlAuditDecisions.Deny, ServiceAccount = null }, _ => { }));
        Assert.Equal("forbid", denied.RootElement.GetProperty("annotations").GetProperty("authorization.k8s.io/decision").GetString());
        Assert.False(denied.RootElement.TryGetProperty("impersonatedUser", out _));
    }

    [Fact]
    public void Csv_QuotesWhatNeedsIt_AndDisarmsFormulas()
    {
        var tricky = Deleted with { Name = "=HYPERLINK(\"http://x\")", Reason = "read-only access, \"exec\" is not allowed", UserAgent = "@evil" };

        var line = KubectlAuditExport.Line(KubectlAuditExport.Csv, tricky, _ => { });

        Assert.StartsWith("time,id,user,cluster,", KubectlAuditExport.Header(KubectlAuditExport.Csv));
        Assert.StartsWith("2026-12-07T10:00:00.0000000Z,3f1c0e7a-1,sally@example.com,sandbox,aws,apple,delete,apps,deployments,,", line);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", line);
        Assert.Contains(",\"read-only access, \"\"exec\"\" is not allowed\",", line);
        Assert.Contains(",'@evil,", line);
        Assert.EndsWith("\n", line);
        Assert.Equal(KubectlAuditExport.Header(KubectlAuditExport.Csv)!.Count(c => c == ','), line.Replace("\"\"", "").Split('"').Where((_, i) => i % 2 == 0).Sum(part => part.Count(c => c == ',')));
    }

    [Fact]
    public void AnExec_ShowsItsCommandAndExitCode_InBothFormats()
    {
        var exec = Deleted with { Verb = "create", Resource = "pods", Subresource = "exec", BytesIn = 300, BytesOut = 4096,
            Session = new KubectlSession("app", ["sh", "-c", "exit 3"], false, [], ExitCode: 3) };

        using var k8s = JsonDocument.Parse(KubectlAuditExport.Line(KubectlAuditExport.Kubernetes, exec, _ => { }));
        var csv = KubectlAuditExport.Line(KubectlAuditExport.Csv, exec, _ => { });

        var annotations = k8s.RootElement.GetProperty("annotations");
        Assert.Equal(("sh -c exit 3", "3"), (annotations.GetProperty("paralus.io/command").GetString(), annotations.GetProperty("paralus.io/exit-code").GetString()));
        Assert.EndsWith(",300,4096,sh -c exit 3,3,,\n", csv);
        Assert.EndsWith(",bytesIn,bytesOut,command,exitCode,identityProvider,group\n", KubectlAuditExport.Header(KubectlAuditExport.Csv));
    }
}
