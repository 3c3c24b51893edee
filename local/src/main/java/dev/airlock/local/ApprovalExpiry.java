package dev.airlock.local;

import dev.airlock.core.approval.ApprovalService;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces approval deadlines on time while the local gateway runs: every few seconds, a request
 * still pending at its expiry, or approved but not executed while its approval was usable, moves
 * to EXPIRED (one conditional write each, recorded in the audit trail). Held requests live in
 * DynamoDB Local, persisted in the data folder, so they survive a restart; the first sweep at
 * start-up expires whatever ran out while the gateway was stopped. Execution and approval check
 * the deadlines themselves too, so a late sweep never lets anything through. At start-up an
 * execution the previous gateway left unfinished ends FAILED.
 */
final class ApprovalExpiry {
    static final Duration EVERY = Duration.ofSeconds(5);

    private final ApprovalService approvals;
    private final Duration every;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "airlock-approval-expiry");
        thread.setDaemon(true);
        return thread;
    });

    ApprovalExpiry(ApprovalService approvals, Duration every) {
        this.approvals = approvals;
        this.every = every;
    }

    /**
     * At start-up no other gateway holds the data folder, so a request still EXECUTING was being
     * run by a gateway that is gone: it ends FAILED (outcome unknown) and cannot run again.
     */
    void start() {
        try {
            int failed = approvals.failInterrupted();
            if (failed > 0) {
                System.out.println("Airlock: " + failed + (failed == 1 ? " approved request was" : " approved requests were")
                        + " being executed when the gateway stopped; marked FAILED (outcome unknown).");
            }
        } catch (RuntimeException e) {
            System.err.println("Airlock: could not close executions interrupted by the last stop (" + e.getMessage() + ").");
        }
        scheduler.scheduleWithFixedDelay(this::sweep, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One sweep; a failure is reported and the next sweep tries again. */
    int sweep() {
        try {
            int expired = approvals.expireDue();
            if (expired > 0) {
                System.out.println("Airlock: " + expired + (expired == 1 ? " held request" : " held requests")
                        + " expired.");
            }
            return expired;
        } catch (RuntimeException e) {
            System.err.println("Airlock: the approval expiry sweep failed (" + e.getMessage()
                    + "); it runs again in " + every.toSeconds() + "s.");
            return 0;
        }
    }
}
