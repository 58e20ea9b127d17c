namespace Paralus.Domain.Model;

public enum GroupKind
{
    /// <summary>Created by Paralus ("All Local Users", "Organization Admins"); cannot be deleted.</summary>
    System,
    Custom,
}
