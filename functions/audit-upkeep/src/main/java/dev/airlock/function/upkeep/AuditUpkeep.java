package dev.airlock.function.upkeep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One upkeep run: reconcile requests left without an outcome, then sign a digest of the chain
 * heads (after, so the outcomes just written are under it). Both are tried even when one fails;
 * then a failure is thrown, so Lambda marks the invocation failed and the schedule's retries
 * and alarms see it.
 */
public final class AuditUpkeep {
    private final IntSupplier reconcile;
    private final Supplier<Optional<Instant>> signDigest;
    private final Supplier<String> digestKeyId;

    /**
     * @param reconcile  marks abandoned requests, returns how many
     * @param signDigest signs a digest unless nothing changed, returns its time
     */
    public AuditUpkeep(IntSupplier reconcile, Supplier<Optional<Instant>> signDigest, String digestKeyId) {
        this(reconcile, signDigest, () -> digestKeyId);
    }

    /** @param digestKeyId the key digests are signed with now, which a SnapStart restore may change */
    public AuditUpkeep(IntSupplier reconcile, Supplier<Optional<Instant>> signDigest, Supplier<String> digestKeyId) {
        this.reconcile = reconcile;
        this.signDigest = signDigest;
        this.digestKeyId = digestKeyId;
    }


    public UpkeepReport run() {
        List<RuntimeException> failures = new ArrayList<>();
        List<String> what = new ArrayList<>();
        int reconciled = 0;
        try {
            reconciled = reconcile.getAsInt();
        } catch (RuntimeException e) {
            failures.add(e);
            what.add("reconciling requests without an outcome failed (" + e.getMessage() + ")");
        }
        Optional<Instant> signed = Optional.empty();
        try {
            signed = signDigest.get();
        } catch (RuntimeException e) {
            failures.add(e);
            what.add("signing a digest of the chain heads failed (" + e.getMessage() + ")");
        }
        if (!failures.isEmpty()) {
            String done = failures.size() == 2 ? "" : what.getFirst().startsWith("signing")
                    ? " Marked " + reconciled + " OUTCOME_UNKNOWN before that."
                    : signed.map(at -> " A digest was signed at " + at + ".").orElse(" No digest was due.");
            UpkeepFailedException failure = new UpkeepFailedException("Audit upkeep failed: "
                    + String.join("; ", what) + "." + done + " The next scheduled run tries again.",
                    failures.getFirst());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
        return new UpkeepReport(reconciled, signed.isPresent(), signed.map(Instant::toString).orElse(null),
                digestKeyId.get());
    }

    /** A run that did not finish its work; thrown to fail the Lambda invocation. */
    public static final class UpkeepFailedException extends RuntimeException {
        UpkeepFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
