package dev.airlock.identity;

import dev.airlock.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryTradedRequestsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void claim_whenTradedAgainBeforeItExpires_isRefusedAndAfterwardsForgotten() {
        InMemoryTradedRequests traded = new InMemoryTradedRequests(clock);
        Instant until = clock.instant().plus(Duration.ofMinutes(30));

        assertThat(traded.claim("sig-1", until)).isTrue();
        assertThat(traded.claim("sig-1", until)).isFalse();
        clock.advance(Duration.ofMinutes(31));
        assertThat(traded.claim("sig-1", clock.instant().plus(Duration.ofMinutes(30)))).isTrue();
    }

    @Test
    void claim_whenFull_refusesRatherThanForgetATrade() {
        InMemoryTradedRequests traded = new InMemoryTradedRequests(clock);
        Instant until = clock.instant().plus(Duration.ofMinutes(30));
        for (int i = 0; i < InMemoryTradedRequests.CAPACITY; i++) {
            traded.claim("sig-" + i, until);
        }

        assertThatThrownBy(() -> traded.claim("one-more", until)).isInstanceOf(IllegalStateException.class);
        assertThat(traded.claim("sig-0", until)).as("a traded one stays refused").isFalse();
    }
}
