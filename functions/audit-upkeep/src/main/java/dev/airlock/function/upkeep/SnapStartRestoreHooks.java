package dev.airlock.function.upkeep;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * What a copy of the function restored from a SnapStart snapshot, possibly days after it was
 * taken, must not take from the snapshot: which KMS key the digest alias names (digests must be
 * signed with, and name, the key the alias names now).
 *
 * <p>Not refreshed, because they need not be: the upkeep reads the clock at each run; the AWS SDK
 * clients' HTTP connections sit in the JDK's keep-alive cache for seconds, by the wall clock, and
 * the SDK retries a call whose connection fails.
 */
@ApplicationScoped
public class SnapStartRestoreHooks implements Resource {

    @Inject
    DigestSigningKey digestKey;

    void register(@Observes StartupEvent event) {
        // CRaC keeps a weak reference only; this application-scoped bean is the strong one.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing is opened that the snapshot must not hold.
    }

    /** A key that cannot be read now fails the restore, with what to fix, rather than the next run. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        digestKey.reload();
    }
}
