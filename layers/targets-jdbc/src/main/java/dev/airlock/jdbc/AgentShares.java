package dev.airlock.jdbc;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Each agent's share of one target: at most {@code perAgent} statements at once, so one agent
 * holding every connection cannot lock the others out. A request waits a bounded time for a
 * place in its agent's share.
 */
final class AgentShares {
    private final int perAgent;
    private final Duration wait;
    private final Map<String, Semaphore> byAgent = new ConcurrentHashMap<>();

    AgentShares(int perAgent, Duration wait) {
        this.perAgent = perAgent;
        this.wait = wait;
    }

    /** A place in the agent's share, or null when none came free within the wait. */
    Lease acquire(String agentId) throws InterruptedException {
        Semaphore share = byAgent.computeIfAbsent(agentId, a -> new Semaphore(perAgent, true));
        if (!share.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return new Lease(share);
    }

    /** Gives the place back when closed. */
    static final class Lease implements AutoCloseable {
        private final Semaphore share;

        private Lease(Semaphore share) {
            this.share = share;
        }

        @Override
        public void close() {
            share.release();
        }
    }
}
