namespace Paralus.Cli.Commands;

/// <summary>The commands of one resource (or one concern such as login), added under the verbs they belong to.</summary>
internal interface ICommandGroup
{
    void AddTo(CommandVerbs verbs);
}
