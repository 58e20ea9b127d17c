namespace Paralus.Domain.Model;

public static class DescriptionRule
{
    public const int MaxLength = 512;

    public static string? Check(string? description) =>
        description is { Length: > MaxLength } ? $"description is {description.Length} characters long; at most {MaxLength} are allowed." : null;
}
