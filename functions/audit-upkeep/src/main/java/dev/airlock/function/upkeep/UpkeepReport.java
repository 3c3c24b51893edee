package dev.airlock.function.upkeep;

/**
 * What one run did, returned as the invocation's JSON result and logged.
 *
 * @param reconciled   requests found without an outcome past the grace and marked OUTCOME_UNKNOWN
 * @param digestSigned whether a new digest of the chain heads was signed (none when nothing was
 *                     appended since the last one)
 * @param digestAt     the new digest's time (its sort key), or null
 * @param digestKeyId  the key id the digests name, which verifiers look the public key up by
 */
public record UpkeepReport(int reconciled, boolean digestSigned, String digestAt, String digestKeyId) {
}
