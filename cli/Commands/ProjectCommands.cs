using System.CommandLine;
using Paralus.Cli.Api;
using Paralus.Cli.Resources;
using Paralus.Domain.Contracts;

namespace Paralus.Cli.Commands;

/// <summary><c>create|get|update|delete project</c>.</summary>
internal sealed class ProjectCommands(ResourceCommandFactory factory) : ICommandGroup
{
    public static ResourceKind<ProjectResource> Kind { get; } = new("project", "projects", ApiRoutes.Projects, project => project.Name,
    [
        TableColumn<ProjectResource>.Text("NAME", project => project.Name),
        TableColumn<ProjectResource>.Text("DESCRIPTION", project => project.Description),
        TableColumn<ProjectResource>.Age(project => project.CreatedAt),
    ]);

    public void AddTo(CommandVerbs verbs)
    {
        verbs.Get.Subcommands.Add(factory.Get(Kind, ListFilter.Prefix(Kind.Plural)));
        verbs.Create.Subcommands.Add(Create());
        verbs.Update.Subcommands.Add(Update());
        verbs.Delete.Subcommands.Add(factory.Delete(Kind));
    }

    private Command Create()
    {
        var name = new Argument<string>("name") { Description = "Project name: lower-case letters, digits and '-', like aws." };
        var description = DescriptionOption.For(Kind.Singular);
        var command = new Command(Kind.Singular, "Create a project.") { name, description };
        factory.SetAction(command, invocation =>
            invocation.CreateAsync(Kind, new CreateProjectRequest(invocation.Required(name), invocation.Value(description))));
        return command;
    }

    private Command Update()
    {
        var name = new Argument<string>("name") { Description = "The project to change." };
        var description = DescriptionOption.For(Kind.Singular);
        var command = new Command(Kind.Singular, "Change a project's description.") { name, description };
        factory.SetAction(command, invocation =>
            invocation.UpdateAsync(Kind, Kind.ItemPath(invocation.Required(name)), new UpdateProjectRequest(invocation.Value(description))));
        return command;
    }
}
