package dev.airlock.local;

import dev.airlock.aws.DynamoDbAuditReconciler;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the audit reconciler at start-up (a crash or kill -9 leaves requests without outcomes)
 * and every minute after, on one background thread.
 */
final class AuditReconciliation implements AutoCloseable {
    static final Duration EVERY = Duration.ofMinutes(1);

    private final DynamoDbAuditReconciler reconciler;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "airlock-audit-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    AuditReconciliation(DynamoDbAuditReconciler reconciler) {
        this.reconciler = reconciler;
    }

    void start() {
        runOnce();
        scheduler.scheduleWithFixedDelay(this::runOnce, EVERY.toSeconds(), EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    private void runOnce() {
        try {
            int marked = reconciler.reconcile();
            if (marked > 0) {
                System.out.println("Airlock: " + marked + (marked == 1 ? " request" : " requests")
                        + " had no recorded outcome (the gateway stopped mid-request); marked OUTCOME_UNKNOWN.");
            }
        } catch (RuntimeException e) {
            // The next run tries again; the trail itself is unharmed.
            System.err.println("Airlock: audit reconciliation failed this time: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
