package dev.airlock.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Used approval links of one gateway process; forgotten once expired. When full it refuses new
 * uses rather than forget a live one.
 */
public final class InMemoryUsedLinks implements UsedLinks {
    static final int CAPACITY = 100_000;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep = Instant.MIN;

    public InMemoryUsedLinks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean claim(String linkId, Instant until) {
        Instant now = clock.instant();
        if (now.isAfter(nextSweep) || used.size() >= CAPACITY) {
            nextSweep = now.plus(SWEEP_EVERY);
            used.values().removeIf(expiry -> expiry.isBefore(now));
        }
        if (!used.containsKey(linkId) && used.size() >= CAPACITY) {
            throw new IllegalStateException("too many approval links used before they expired");
        }
        boolean[] first = {false};
        used.compute(linkId, (key, earlier) -> {
            if (earlier == null || earlier.isBefore(now)) {
                first[0] = true;
                return until;
            }
            return earlier;
        });
        return first[0];
    }
}
