package dev.airlock.identity;

import dev.airlock.identity.contract.UsedLinksContract;
import dev.airlock.testing.MutableClock;

import java.time.Instant;

/** The used-links contract on the store of one gateway process. */
class InMemoryUsedLinksContractTest extends UsedLinksContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryUsedLinks store = new InMemoryUsedLinks(clock);

    @Override
    protected UsedLinks usedLinks() {
        return store;
    }

    @Override
    protected UsedLinks usedLinksOnAnotherInstance() {
        return store;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }
}
