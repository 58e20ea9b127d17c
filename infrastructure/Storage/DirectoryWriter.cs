using Paralus.Domain.Directory;

namespace Paralus.Infrastructure.Storage;

/// <summary>
/// Plans a change against the current view and commits it; when another writer got in first, it re-reads and
/// plans again, so referential checks (a project has no clusters, a user exists) always hold at commit time.
/// Observers hear of access events the commit wrote to the outbox.
/// </summary>
public sealed class DirectoryWriter(DirectoryRepository repository, DirectoryViewCache views, IEnumerable<IOutboxObserver> observers)
{
    private const int MaxAttempts = 8;

    public async Task<MutationResult<T>> MutateAsync<T>(string organizationId, Func<DirectoryView, Mutation<T>> plan, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var view = await views.GetAsync(organizationId, cancellationToken);
            var mutation = plan(view);
            if (mutation.Error is not null) return new(default, mutation.Error);
            if (mutation.Changes is null || mutation.Changes.Count == 0) return new(mutation.Value, null);

            try
            {
                var events = await repository.CommitAsync(view, mutation.Changes, cancellationToken);
                if (events.Count > 0)
                {
                    foreach (var observer in observers) observer.OnOutboxWritten(organizationId);
                }
                return new(mutation.Value, null);
            }
            catch (DirectoryChangedException) when (attempt < MaxAttempts)
            {
                // Someone else committed first: plan again against what they wrote.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
            catch (DirectoryChangedException)
            {
                return new(default, DirectoryError.Conflict("The directory is being changed by many requests at once; retry in a moment."));
            }
        }
    }
}
