package dev.airlock.core.pipeline;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Request ids are UUID version 7: they sort by time, so the audit trail and CloudTrail
 * entries read in order, and 74 random bits keep them unguessable.
 */
public final class RequestIds {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public RequestIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        long millis = clock.millis();
        long randA = random.nextInt(1 << 12);
        long randB = random.nextLong() & 0x3FFFFFFFFFFFFFFFL;
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = 0x8000000000000000L | randB;
        return new UUID(msb, lsb).toString();
    }
}
