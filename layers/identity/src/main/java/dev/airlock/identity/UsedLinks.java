package dev.airlock.identity;

import java.time.Instant;

/**
 * Approval link tokens already used: each may be used once. In memory for one gateway process;
 * in DynamoDB for the Lambda functions, whose instances must all refuse a link any one of them
 * has accepted.
 */
public interface UsedLinks {

    /**
     * Records the link as used, atomically: of two callers racing with one link, one wins.
     *
     * @param linkId the link token's {@code jti}
     * @param until  when it may be forgotten (the link has expired by then)
     * @return true for the first use, false when it was used already
     * @throws IllegalStateException when the record cannot be kept: the link is then refused
     */
    boolean claim(String linkId, Instant until);
}
