package dev.airlock.function;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * What a copy of the function restored from a SnapStart snapshot, possibly days after it was
 * taken, must not take from the snapshot: the token keys (an alias may now name a rotated key)
 * and pooled database connections (their sockets died with the snapshotted process).
 *
 * <p>Not refreshed, because they need not be: STS sessions and Secrets Manager logins are cached
 * until a wall-clock time, read again after the restore; the AWS SDK clients' HTTP connections
 * sit in the JDK's keep-alive cache for seconds, by the wall clock too, and the SDK retries a
 * call whose connection fails; request ids, token ids and link ids come from SecureRandom, which
 * Lambda's Java runtime reseeds in each restored copy.
 */
@ApplicationScoped
public class SnapStartRestoreHooks implements Resource {

    @Inject
    KmsTokenKeys tokenKeys;

    @Inject
    LambdaAdapters adapters;

    void register(@Observes StartupEvent event) {
        // CRaC keeps a weak reference only; this application-scoped bean is the strong one.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        adapters.discardDatabaseConnections();
    }

    /** A key that cannot be read now fails the restore: tokens must not be signed under a stale kid. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        adapters.discardDatabaseConnections();
        tokenKeys.reload();
    }
}
