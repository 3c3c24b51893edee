package dev.airlock.function.upkeep;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditUpkeepTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:05:00Z");

    @Test
    void run_whenBothSucceed_reconcilesFirstThenSignsAndReports() {
        List<String> order = new ArrayList<>();
        AuditUpkeep upkeep = new AuditUpkeep(() -> {
            order.add("reconcile");
            return 2;
        }, () -> {
            order.add("sign");
            return Optional.of(AT);
        }, "key-1");

        UpkeepReport report = upkeep.run();

        assertThat(order).containsExactly("reconcile", "sign");
        assertThat(report).isEqualTo(new UpkeepReport(2, true, "2026-11-24T10:05:00Z", "key-1"));
    }

    @Test
    void run_whenNothingChanged_reportsNoDigest() {
        UpkeepReport report = new AuditUpkeep(() -> 0, Optional::empty, "key-1").run();

        assertThat(report).isEqualTo(new UpkeepReport(0, false, null, "key-1"));
    }

    @Test
    void run_whenReconcileFails_stillSignsThenThrows() {
        List<String> signed = new ArrayList<>();
        AuditUpkeep upkeep = new AuditUpkeep(() -> {
            throw new IllegalStateException("throttled");
        }, () -> {
            signed.add("sign");
            return Optional.of(AT);
        }, "key-1");

        assertThatThrownBy(upkeep::run).isInstanceOf(AuditUpkeep.UpkeepFailedException.class)
                .hasMessageContaining("reconciling requests without an outcome failed (throttled)")
                .hasMessageContaining("A digest was signed at 2026-11-24T10:05:00Z")
                .hasRootCauseMessage("throttled");
        assertThat(signed).containsExactly("sign");
    }

    @Test
    void run_whenSigningFails_throwsAndSaysWhatWasReconciled() {
        AuditUpkeep upkeep = new AuditUpkeep(() -> 3, () -> {
            throw new IllegalStateException("KMS did not sign");
        }, "key-1");

        assertThatThrownBy(upkeep::run)
                .hasMessageContaining("signing a digest of the chain heads failed (KMS did not sign)")
                .hasMessageContaining("Marked 3 OUTCOME_UNKNOWN before that");
    }

    @Test
    void run_whenBothFail_throwsWithBothCauses() {
        AuditUpkeep upkeep = new AuditUpkeep(() -> {
            throw new IllegalStateException("table gone");
        }, () -> {
            throw new IllegalStateException("key gone");
        }, "key-1");

        assertThatThrownBy(upkeep::run).hasMessageContaining("table gone").hasMessageContaining("key gone")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }
}
