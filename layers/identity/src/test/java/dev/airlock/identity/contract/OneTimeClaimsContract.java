package dev.airlock.identity.contract;

import dev.airlock.testing.MutableClock;
import dev.airlock.testing.Race;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every "each id may be claimed once until it expires" store must do: the traded requests of
 * the AWS IAM exchange and the used approval links share this shape, so {@link TradedRequestsContract}
 * and {@link UsedLinksContract} both run it against their adapters.
 */
public abstract class OneTimeClaimsContract {

    /** A claim on the store under test. */
    @FunctionalInterface
    protected interface Claims {
        boolean claim(String id, Instant until);
    }

    /** A handle on a fresh, empty store, kept for the whole test. */
    protected abstract Claims claims();

    /** Another handle on the same store, as another gateway instance sees it. */
    protected abstract Claims anotherInstance();

    /** The clock a store under test reads; the real time when the test starts, and never moved. */
    protected final MutableClock clock = new MutableClock(Instant.now());

    private Instant now() {
        return clock.instant();
    }

    private Instant later() {
        return now().plus(Duration.ofMinutes(30));
    }

    protected static String newId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void claim_whenClaimedTwice_acceptsOnlyTheFirst() {
        String id = newId();

        assertThat(claims().claim(id, later())).isTrue();
        assertThat(claims().claim(id, later())).as("second claim").isFalse();
        assertThat(anotherInstance().claim(id, later())).as("second claim on another instance").isFalse();
    }

    @Test
    void claim_whenAnotherIdIsClaimed_acceptsIt() {
        String id = newId();
        assertThat(claims().claim(id, later())).isTrue();

        assertThat(anotherInstance().claim(newId(), later())).isTrue();
        assertThat(claims().claim(id + "x", later())).isTrue();
    }

    @Test
    void claim_whenManyRaceForOneId_exactlyOneWins() throws Exception {
        String id = newId();
        Instant until = later();

        AtomicInteger racer = new AtomicInteger();

        long winners = Race.winners(16, () -> (racer.incrementAndGet() % 2 == 0 ? claims() : anotherInstance())
                .claim(id, until));

        assertThat(winners).isEqualTo(1);
    }

    @Test
    void claim_whenTheEarlierClaimHasExpired_acceptsItAgain() {
        String id = newId();

        assertThat(claims().claim(id, now().minusSeconds(5))).isTrue();
        assertThat(claims().claim(id, later())).as("earlier claim expired").isTrue();
        assertThat(anotherInstance().claim(id, later())).as("the renewed claim holds").isFalse();
    }
}
