using Paralus.Domain.Directory;
using Paralus.Domain.Directory.Changes;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;

namespace Paralus.Domain.Tests.Commands;

public sealed class GroupCommandTests
{
    private static readonly User Sally = new("u-sally", "sally@example.com", "Sally", "S", UserKind.Local, true, TestDirectory.Now);
    private static readonly User Virat = new("u-virat", "virat@example.com", "Virat", "V", UserKind.Local, true, TestDirectory.Now);
    private static readonly Group Trainees = new("g-trainees", "Trainees", "", GroupKind.Custom, TestDirectory.Now);
    private static readonly Group AllLocal = new(BuiltInGroups.AllLocalUsersId, BuiltInGroups.AllLocalUsers, "", GroupKind.System, TestDirectory.Now);
    private static readonly Role Admin = new("r-admin", "ADMIN", "", ScopeKind.Organization, ["*"], true);
    private static readonly RoleBinding TraineesAdmin = new("b-1", SubjectRef.Group(Trainees.Id), Admin.Id, BindingScope.Organization, TestDirectory.Now);
    private static readonly RoleBinding SallyAdmin = new("b-2", SubjectRef.User(Sally.Id), Admin.Id, BindingScope.Organization, TestDirectory.Now);

    private static DirectoryView View() => new TestDirectory()
        .With(Sally, Virat, Trainees, AllLocal, Admin, TraineesAdmin, SallyAdmin)
        .Member(Trainees, Sally).Member(AllLocal, Sally).Member(AllLocal, Virat)
        .View();

    [Fact]
    public void CreatingAGroup_WhoseNameIsTakenInAnyCase_IsAConflict()
    {
        var refused = new CreateGroup("g-2", "TRAINEES", "", TestDirectory.Now).Plan(View());
        Assert.Equal(new DirectoryError(DirectoryErrorKind.Conflict, "group 'TRAINEES' already exists."), refused.Error);

        var created = new CreateGroup("g-2", "Interns", "summer", TestDirectory.Now).Plan(View());
        Assert.Equal([new EntityCreated(new Group("g-2", "Interns", "summer", GroupKind.Custom, TestDirectory.Now))], created.Changes!.Changes);
    }

    [Fact]
    public void DeletingAGroup_RemovesItsMembershipsAndBindingsFirst_AndLeavesOthersAlone()
    {
        var changes = new DeleteGroup("trainees").Plan(View()).Changes!.Changes;
        Assert.Equal<DirectoryChange>([
            new MembershipRemoved(Trainees.Id, Sally.Id),
            new EntityDeleted(TraineesAdmin, TestDirectory.ETagOf(TraineesAdmin)),
            new EntityDeleted(Trainees, TestDirectory.ETagOf(Trainees)),
        ], changes);
    }

    [Fact]
    public void ABuiltInGroup_CannotBeDeleted_NorItsMembershipChanged()
    {
        Assert.Equal(DirectoryErrorKind.Conflict, new DeleteGroup(BuiltInGroups.AllLocalUsers).Plan(View()).Error?.Kind);
        var update = new UpdateGroup(BuiltInGroups.AllLocalUsers, null, [], [Virat.Name], TestDirectory.ETagOf(AllLocal)).Plan(View());
        Assert.Equal(DirectoryErrorKind.Invalid, update.Error?.Kind);
        Assert.Contains("cannot be changed", update.Error!.Message);
        Assert.NotNull(new UpdateGroup(BuiltInGroups.AllLocalUsers, "everyone", [], [], TestDirectory.ETagOf(AllLocal)).Plan(View()).Changes);
    }

    [Fact]
    public void UpdatingAGroup_AddsAndRemovesOnlyWhatChanges_AtTheVersionRead()
    {
        var plan = new UpdateGroup("Trainees", "new hires", [Sally.Name, Virat.Name.ToUpperInvariant(), Virat.Name], [], TestDirectory.ETagOf(Trainees)).Plan(View());
        Assert.Equal<DirectoryChange>([
            new MembershipAdded(Trainees.Id, Virat.Id),
            new EntityReplaced(Trainees with { Description = "new hires" }, TestDirectory.ETagOf(Trainees)),
        ], plan.Changes!.Changes);

        Assert.Equal(DirectoryErrorKind.PreconditionFailed, new UpdateGroup("Trainees", null, [], [], "etag-old").Plan(View()).Error?.Kind);
        Assert.Equal(new DirectoryError(DirectoryErrorKind.NotFound, "user 'nobody@example.com' not found."),
            new UpdateGroup("Trainees", null, [], ["nobody@example.com"], TestDirectory.ETagOf(Trainees)).Plan(View()).Error);
        Assert.Equal(DirectoryErrorKind.NotFound, new UpdateGroup("Nope", null, [], [], "x").Plan(View()).Error?.Kind);
    }
}
