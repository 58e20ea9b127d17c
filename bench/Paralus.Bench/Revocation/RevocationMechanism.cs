namespace Paralus.Bench.Revocation;

/// <summary>The API call that takes a user's access away.</summary>
internal enum RevocationMechanism
{
    /// <summary><c>PATCH /api/v1/users/NAME {"active": false}</c>.</summary>
    Deactivate,

    /// <summary><c>DELETE /api/v1/rolebindings/ID</c> of the user's only binding.</summary>
    RemoveBinding,
}
