using System.Text.Json.Serialization;

namespace Paralus.Domain.AccessEvents;

/// <summary>One change: its type (<see cref="AccessEventTypes"/>) and the ids it concerns.</summary>
public sealed record AccessChange(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("userId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserId = null,
    [property: JsonPropertyName("groupId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GroupId = null,
    [property: JsonPropertyName("roleId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoleId = null,
    [property: JsonPropertyName("bindingId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BindingId = null,
    [property: JsonPropertyName("clusterId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClusterId = null);
