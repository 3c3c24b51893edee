package dev.airlock.function.notifier;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * What a copy of the function restored from a SnapStart snapshot, possibly days after it was
 * taken, must not take from the snapshot: the token key that signs approval links (an alias may
 * now name a rotated key, and links signed under the old key's kid would be refused).
 *
 * <p>Not refreshed, because they need not be: link ids and email message ids come from
 * SecureRandom (UUID.randomUUID), which Lambda's Java runtime reseeds in each restored copy;
 * link expiry reads the clock at each link; the AWS SDK clients' HTTP connections sit in the
 * JDK's keep-alive cache for seconds, by the wall clock, and the SDK retries a call whose
 * connection fails.
 */
@ApplicationScoped
public class SnapStartRestoreHooks implements Resource {

    @Inject
    LinkSigningKey linkKey;

    void register(@Observes StartupEvent event) {
        // CRaC keeps a weak reference only; this application-scoped bean is the strong one.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing is opened that the snapshot must not hold.
    }

    /** A key that cannot be read now fails the restore: links must not be signed under a stale kid. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        linkKey.reload();
    }
}
