using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

public sealed class ClusterCommandTests
{
    private static readonly Project Aws = new("p-aws", "aws", "", TestDirectory.Now);
    private static readonly Cluster Eks = new("c-1", "eks-1", Aws.Id, "", new Dictionary<string, string>(), TestDirectory.Now, ClusterStatus.Pending)
    {
        RegistrationTokenHash = "token-hash",
        RegistrationTokenExpiresAt = TestDirectory.Now.AddHours(1),
    };
    private static readonly Cluster Registered = new("c-2", "eks-2", Aws.Id, "", new Dictionary<string, string>(), TestDirectory.Now, ClusterStatus.Pending)
    {
        Fingerprint = "kube-system-uid-2",
    };

    private static DirectoryView View() => new TestDirectory().With(Aws, Eks, Registered).View();

    private static CompleteRegistration Register(string fingerprint, string? tokenHash = "token-hash") =>
        new(Eks.Id, tokenHash, fingerprint, "1.4.0", "v1.32.1", "Registered", TestDirectory.Now);

    [Fact]
    public void ATakenClusterName_SaysOnlyThatItIsTaken()
    {
        var refused = new CreateCluster("c-3", "EKS-2", Aws.Id, "aws", "", new Dictionary<string, string>(), TestDirectory.Now).Plan(View());
        Assert.Equal(DirectoryErrorKind.Conflict, refused.Error?.Kind);
        Assert.DoesNotContain("aws", refused.Error!.Message);
        Assert.Equal(DirectoryErrorKind.NotFound, new CreateCluster("c-3", "gke-1", "p-gone", "gone", "", new Dictionary<string, string>(), TestDirectory.Now).Plan(View()).Error?.Kind);
    }

    [Fact]
    public void Registration_SpendsTheToken_AndRecordsWhereTheAgentRuns()
    {
        var plan = Register("kube-system-uid-1").Plan(View());
        Assert.Null(plan.Value);
        var written = (Cluster)((EntityReplaced)plan.Changes!.Changes.Single()).Entity;
        Assert.Equal((TestDirectory.Now, "kube-system-uid-1", "Registered", "1.4.0", "v1.32.1"),
            (written.RegistrationTokenUsedAt, written.Fingerprint, written.Status.Phase, written.Status.AgentVersion, written.Status.KubernetesVersion));

        var spent = new TestDirectory().With(Aws, written, Registered).View();
        Assert.Equal(DirectoryErrorKind.Conflict, Register("kube-system-uid-1").Plan(spent).Error?.Kind);
        Assert.Equal(DirectoryErrorKind.Conflict, Register("kube-system-uid-1", "another-hash").Plan(View()).Error?.Kind);
    }

    [Fact]
    public void OneKubernetesCluster_RegistersOnce_TheOtherClusterIsNamedToTheCaller_NothingIsWritten()
    {
        var plan = Register("kube-system-uid-2").Plan(View());
        Assert.Equal(Registered.Id, plan.Value?.Id);
        Assert.Equal(0, plan.Changes!.Count);
    }

    [Fact]
    public void ANewRegistrationToken_ReplacesTheOldOne_UsedOrNot()
    {
        var used = Eks with { RegistrationTokenUsedAt = TestDirectory.Now };
        var plan = new IssueRegistrationToken("eks-1", "new-hash", TestDirectory.Now.AddDays(1)).Plan(new TestDirectory().With(Aws, used).View());
        Assert.Equal(("new-hash", (DateTimeOffset?)null), (plan.Value!.RegistrationTokenHash, plan.Value.RegistrationTokenUsedAt));
        Assert.Equal(DirectoryErrorKind.NotFound, new IssueRegistrationToken("nope", "h", TestDirectory.Now).Plan(View()).Error?.Kind);
    }
}
