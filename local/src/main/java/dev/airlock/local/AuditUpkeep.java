package dev.airlock.local;

import dev.airlock.audit.AuditDigestSigner;
import dev.airlock.audit.aws.DynamoDbAuditDigests;
import dev.airlock.audit.aws.DynamoDbAuditReconciler;
import dev.airlock.audit.aws.JournaledAuditLog;

import java.io.IOException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Keeps the audit trail whole while the gateway runs, on one background thread: reconciles
 * requests left without an outcome (a crash or kill -9 leaves some) and signs a digest of the
 * chain heads, at start-up, every minute and, for the digest, once more on stop, after the
 * journal has written everything it holds to the table.
 */
final class AuditUpkeep {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final JournaledAuditLog journal;
    private final DynamoDbAuditReconciler reconciler;
    private final DynamoDbAuditDigests digests;
    private final java.util.function.Supplier<AuditDigestSigner> signer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "airlock-audit-upkeep");
        thread.setDaemon(true);
        return thread;
    });

    AuditUpkeep(JournaledAuditLog journal, DynamoDbAuditReconciler reconciler, DynamoDbAuditDigests digests,
                java.util.function.Supplier<AuditDigestSigner> signer) {
        this.journal = journal;
        this.reconciler = reconciler;
        this.digests = digests;
        this.signer = signer;
    }

    /**
     * At start-up every open request belongs to a gateway that is gone (this one holds the data
     * folder's lock and has served nothing yet), so they are all reconciled at once; the journal
     * has already written what the old gateway left in it, so no outcome it holds is missed.
     */
    void start() {
        Instant boot = Instant.now();
        reconcile(() -> reconciler.reconcileOpenedBefore(boot));
        signDigest();
        scheduler.scheduleWithFixedDelay(() -> {
            reconcile(reconciler::reconcile);
            signDigest();
        }, EVERY.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /** A clean stop leaves every record under a signed digest. */
    void stop() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.close();
        } catch (IOException e) {
            System.err.println("Airlock: closing the audit journal failed (" + e.getMessage()
                    + "); what it holds is written at the next start.");
        }
        signDigest();
    }

    private void reconcile(IntSupplier run) {
        try {
            int marked = run.getAsInt();
            if (marked > 0) {
                System.out.println("Airlock: " + marked + (marked == 1 ? " request" : " requests")
                        + " had no recorded outcome (the gateway stopped mid-request); marked OUTCOME_UNKNOWN.");
            }
        } catch (RuntimeException e) {
            // The next run tries again; the trail itself is unharmed.
            System.err.println("Airlock: audit reconciliation failed this time: " + e.getMessage());
        }
    }

    private void signDigest() {
        try {
            digests.sign(signer.get());
        } catch (RuntimeException e) {
            System.err.println("Airlock: could not sign an audit digest this time: " + e.getMessage());
        }
    }
}
