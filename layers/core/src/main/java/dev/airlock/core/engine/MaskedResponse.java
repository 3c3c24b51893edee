package dev.airlock.core.engine;

import java.util.Map;
import java.util.Optional;

/** A result that is safe to leave the gateway, and what the audit trail keeps of it. */
public interface MaskedResponse {

    /** The answer's JSON body, already masked. */
    Map<String, Object> body();

    /** How many items came back (rows, objects), if the protocol counts them. */
    Optional<Integer> itemCount();

    /** How many rows or items a write changed, if it says. */
    Optional<Long> itemsChanged();

    /** How many values were masked, per type ({@code email}, {@code card}, ...). */
    Map<String, Integer> maskedCounts();

    /** The id the target gave the call (AWS's request id, which CloudTrail shows), if it gives one. */
    default Optional<String> targetRequestId() {
        return Optional.empty();
    }
}
