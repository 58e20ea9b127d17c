using Paralus.Domain.Audit;
using Paralus.Domain.Contracts;
using Paralus.Domain.Directory.Commands;
using Paralus.Domain.Model;
using Paralus.Domain.Policy;
using Paralus.Domain.Security;
using Paralus.Functions.OpenApi;
using Paralus.Functions.Pipeline;

namespace Paralus.Functions.Apis;

internal static class UsersApi
{
    private const int MaxPersonName = 64;

    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/users").WithFunction("users").WithTags("Users").ProducesCallerProblems();
        api.MapGet("/", List).WithName("ListUsers").WithSummary("List users, optionally by name prefix, group, state or kind.");
        api.MapPost("/", Create).WithName("CreateUser").WithSummary("Create a local user, or with kind Service a service user for automation.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{name}", Get).WithName("GetUser").WithSummary("Get a user.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{name}", Update).WithName("UpdateUser").WithSummary("Update, activate or deactivate a user, or set a new password (If-Match for a conditional update).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapDelete("/{name}", Delete).WithName("DeleteUser").WithSummary("Delete a user with their memberships, role bindings and API keys.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{name}/unlock", Unlock).WithName("UnlockUser").WithSummary("Lift a user's sign-in lock on this instance.").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<ListResponse<UserResource>>, ProblemHttpResult, ValidationProblem>> List(HttpContext http, ControlPlane cp, string? prefix, string? group, bool? active, string? kind, int? limit, string? @continue)
    {
        if (Paging.Validate(limit, @continue) is { } invalid) return invalid;
        UserKind? onlyKind = null;
        if (kind is not null)
        {
            if (KindNamed(kind) is not { } known) return Problems.Invalid("kind", $"kind '{kind}' is unknown: use {string.Join(", ", Enum.GetNames<UserKind>())}.");
            onlyKind = known;
        }
        var access = await cp.ReadAsync(http);
        if (await cp.DenyUnlessAsync(http, access, Permissions.UserRead, PolicyTarget.Organization) is { } denied) return denied;
        HashSet<string>? members = null;
        if (group is not null)
        {
            if (access.View.GroupByName(group) is not { } g) return Problems.NotFound("group", group);
            members = access.View.Memberships.Where(m => m.GroupId == g.Value.Id).Select(m => m.UserId).ToHashSet();
        }
        var items = access.View.Users.Values.Where(u =>
            (prefix is null || u.Value.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            && (members is null || members.Contains(u.Value.Id))
            && (active is null || u.Value.Active == active)
            && (onlyKind is null || u.Value.Kind == onlyKind));
        return TypedResults.Ok(Paging.Page(items, u => u.Value.Name, u => u.ToResource(access.View), limit, @continue));
    }

    public static async Task<Results<Ok<UserResource>, ProblemHttpResult>> Get(HttpContext http, ControlPlane cp, string name)
    {
        var access = await cp.ReadAsync(http);
        var self = string.Equals(name, access.Caller.UserName, StringComparison.OrdinalIgnoreCase);
        if (!self && await cp.DenyUnlessAsync(http, access, Permissions.UserRead, PolicyTarget.Organization) is { } denied) return denied;
        return access.View.UserByName(name) is { } user ? TypedResults.Ok(user.ToResource(access.View)) : Problems.NotFound("user", name);
    }

    public static Task<Results<Created<UserResource>, ProblemHttpResult, ValidationProblem>> Create(HttpContext http, ControlPlane cp, CreateUserRequest request) =>
        cp.ExecuteAsync<Created<UserResource>>(http, new Operation(Permissions.UserWrite, "user.create", $"user/{request.Name}"), PolicyTarget.Organization, null, async authorized =>
        {
            if (NameRules.UserName(request.Name) is { } nameError) return Problems.Invalid("name", nameError);
            var kind = request.Kind is null ? UserKind.Local : KindNamed(request.Kind);
            if (kind is not (UserKind.Local or UserKind.Service))
            {
                return Problems.Invalid("kind", $"kind '{request.Kind}' cannot be created: use Local or Service (users of an identity provider are created when they first sign in).");
            }
            if ((PersonName("firstName", request.FirstName) ?? PersonName("lastName", request.LastName)) is { } personError) return personError;
            if (DescriptionRule.Check(request.Description) is { } descriptionError) return Problems.Invalid("description", descriptionError);
            if (kind == UserKind.Service && request.Password is not null)
            {
                return Problems.Invalid("password", "a service user has no password and never signs in; issue it a kubeconfig instead.");
            }
            if (request.Password is not null && PasswordHasher.CheckStrength(request.Password) is { } weak) return Problems.Invalid("password", weak);
            var passwordHash = request.Password is null ? null : PasswordHasher.Hash(request.Password);

            var user = new User(RandomTokens.Id(), request.Name, request.FirstName ?? string.Empty, request.LastName ?? string.Empty,
                kind.Value, Active: true, cp.Time.GetUtcNow(), Description: request.Description);
            IDirectoryCommand<bool> create = kind == UserKind.Service ? new CreateServiceUser(user) : new CreateLocalUser(user, passwordHash);
            var (_, failed) = await authorized.MutateAsync(create, kind == UserKind.Service ? "service user" : null);
            if (failed is not null) return failed;

            var view = await authorized.RefreshAsync();
            return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(request.Name)}", view.UserByName(request.Name)!.ToResource(view));
        });

    /// <summary>Authorized before the user is looked up: whether a user exists is not for someone without user.write to learn here.</summary>
    public static Task<Results<Ok<UserResource>, ProblemHttpResult, ValidationProblem>> Update(HttpContext http, ControlPlane cp, string name, UpdateUserRequest request)
    {
        var action = request.Active switch { true => "user.activate", false => "user.deactivate", _ => "user.update" };
        return cp.ExecuteAsync<Ok<UserResource>>(http, new Operation(Permissions.UserWrite, action, $"user/{name}"), PolicyTarget.Organization, null, async authorized =>
        {
            if (authorized.Access.View.UserByName(name) is not { } existing) return Problems.NotFound("user", name);
            if ((PersonName("firstName", request.FirstName) ?? PersonName("lastName", request.LastName)) is { } personError) return personError;
            if (request.Active == false && existing.Value.Id == authorized.Access.Caller.UserId) return Problems.BadRequest("you cannot deactivate your own account.");
            if (request.Password is not null && PasswordHasher.CheckStrength(request.Password) is { } weak) return Problems.Invalid("password", weak);
            var passwordHash = request.Password is null ? null : PasswordHasher.Hash(request.Password);

            var expected = IfMatch.From(http) ?? existing.ETag;
            var (_, failed) = await authorized.MutateAsync(new UpdateUser(name, request.FirstName, request.LastName, request.Active, passwordHash, cp.Time.GetUtcNow(), expected));
            if (failed is not null) return failed;
            var view = await authorized.RefreshAsync();
            return TypedResults.Ok(view.UserByName(name)!.ToResource(view));
        });
    }

    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Delete(HttpContext http, ControlPlane cp, string name) =>
        cp.ExecuteAsync<NoContent>(http, new Operation(Permissions.UserWrite, "user.delete", $"user/{name}"), PolicyTarget.Organization, null, async authorized =>
        {
            if (string.Equals(name, authorized.Access.Caller.UserName, StringComparison.OrdinalIgnoreCase)) return Problems.BadRequest("you cannot delete your own account.");

            var (_, failed) = await authorized.MutateAsync(new DeleteUser(name));
            if (failed is not null) return failed;
            return TypedResults.NoContent();
        });

    /// <summary>Lifts a sign-in lock at once, on this control-plane instance (locks are kept in memory per instance).</summary>
    public static Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Unlock(HttpContext http, ControlPlane cp, LoginThrottle throttle, string name) =>
        cp.ExecuteAsync<NoContent>(http, new Operation(Permissions.UserWrite, "user.unlock", $"user/{name}"), PolicyTarget.Organization, null, async authorized =>
        {
            if (authorized.Access.View.UserByName(name) is null) return Problems.NotFound("user", name);
            throttle.Unlock(name);
            await authorized.AuditAsync(AuditOutcome.Success);
            return TypedResults.NoContent();
        });

    /// <summary>A kind by its name, in any case; never by number, which the API does not promise.</summary>
    private static UserKind? KindNamed(string name) =>
        Enum.GetValues<UserKind>().Select(k => (UserKind?)k).FirstOrDefault(k => string.Equals(k.ToString(), name, StringComparison.OrdinalIgnoreCase));

    private static ValidationProblem? PersonName(string field, string? value) =>
        value is { Length: > MaxPersonName } ? Problems.Invalid(field, $"{field} is {value.Length} characters long; at most {MaxPersonName} are allowed.") : null;
}
