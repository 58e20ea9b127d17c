using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

public sealed class RoleBindingCommandTests
{
    private static readonly User Sally = new("u-sally", "sally@example.com", "Sally", "S", UserKind.Local, true, TestDirectory.Now);
    private static readonly Group Trainees = new("g-trainees", "Trainees", "", GroupKind.Custom, TestDirectory.Now);
    private static readonly Project Aws = new("p-aws", "aws", "", TestDirectory.Now);
    private static readonly Role ProjectAdmin = new("r-pa", "PROJECT_ADMIN", "", ScopeKind.Project, ["project.read"], true);
    private static readonly RoleBinding SallyAws = new("b-1", SubjectRef.User(Sally.Id), ProjectAdmin.Id, BindingScope.ForProject(Aws.Id), TestDirectory.Now);

    private static DirectoryView View() => new TestDirectory().With(Sally, Trainees, Aws, ProjectAdmin, SallyAws).View();

    private static CreateRoleBinding Bind(string? user, string? group, string projectId = "p-aws") =>
        new("b-2", user, group, ProjectAdmin.Id, ProjectAdmin.Name, BindingScope.ForProject(projectId), "aws", TestDirectory.Now);

    [Fact]
    public void ABinding_NamesItsSubjectById()
    {
        Assert.Equal([new EntityCreated(new RoleBinding("b-2", SubjectRef.Group(Trainees.Id), ProjectAdmin.Id, BindingScope.ForProject(Aws.Id), TestDirectory.Now))],
            Bind(null, "trainees").Plan(View()).Changes!.Changes);
    }

    [Fact]
    public void TheSameBindingTwice_IsAConflict_AndEverythingNamedMustExist()
    {
        Assert.Equal(new DirectoryError(DirectoryErrorKind.Conflict, "user/sally@example.com already has role PROJECT_ADMIN at project/p-aws."), Bind("sally@example.com", null).Plan(View()).Error);
        Assert.Equal(DirectoryErrorKind.NotFound, Bind("ghost@example.com", null).Plan(View()).Error?.Kind);
        Assert.Equal(DirectoryErrorKind.NotFound, Bind(null, "ghosts").Plan(View()).Error?.Kind);
        Assert.Equal(new DirectoryError(DirectoryErrorKind.NotFound, "project 'aws' not found."), Bind(null, "Trainees", "p-gone").Plan(View()).Error);
        Assert.NotNull(Bind(null, "Trainees", BindingScope.Wildcard).Plan(View()).Changes);
    }

    [Fact]
    public void DeletingABinding_AtTheVersionRead()
    {
        Assert.Equal([new EntityDeleted(SallyAws, TestDirectory.ETagOf(SallyAws))], new DeleteRoleBinding("b-1").Plan(View()).Changes!.Changes);
        Assert.Equal(DirectoryErrorKind.NotFound, new DeleteRoleBinding("b-9").Plan(View()).Error?.Kind);
    }
}
