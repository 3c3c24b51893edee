package dev.airlock.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Traded requests of one gateway process; when full it refuses new trades rather than forget one. */
final class InMemoryTradedRequests implements TradedRequests {
    static final int CAPACITY = 100_000;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Map<String, Instant> traded = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep = Instant.MIN;

    InMemoryTradedRequests(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean claim(String signature, Instant until) {
        Instant now = clock.instant();
        if (now.isAfter(nextSweep) || traded.size() >= CAPACITY) {
            nextSweep = now.plus(SWEEP_EVERY);
            traded.values().removeIf(expiry -> expiry.isBefore(now));
        }
        if (!traded.containsKey(signature) && traded.size() >= CAPACITY) {
            throw new IllegalStateException("too many signed requests traded in the last 30 minutes");
        }
        boolean[] first = {false};
        traded.compute(signature, (key, earlier) -> {
            if (earlier == null || earlier.isBefore(now)) {
                first[0] = true;
                return until;
            }
            return earlier;
        });
        return first[0];
    }
}
