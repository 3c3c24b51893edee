package dev.airlock.jdbc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcTargetLimitsTest {

    private static JdbcTargetLimits from(Map<String, String> settings) {
        return JdbcTargetLimits.from(name -> Optional.ofNullable(settings.get(name)));
    }

    @Test
    void from_whenNothingIsSet_usesTheDefaults() {
        JdbcTargetLimits limits = from(Map.of());

        assertThat(limits).isEqualTo(JdbcTargetLimits.DEFAULTS);
        assertThat(limits.agentConnections()).isEqualTo(4);
        assertThat(limits.busyWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limits.maxResponseBytes()).isEqualTo(8L * 1024 * 1024);
    }

    @Test
    void from_whenSet_readsEachSetting() {
        JdbcTargetLimits limits = from(Map.of(JdbcTargetLimits.POOL_SIZE, "10", JdbcTargetLimits.AGENT_POOL_SHARE,
                "20", JdbcTargetLimits.BUSY_WAIT, "500ms", JdbcTargetLimits.LOCK_TIMEOUT, "PT1S"));

        assertThat(limits.poolSize()).isEqualTo(10);
        assertThat(limits.agentConnections()).isEqualTo(2);
        assertThat(limits.busyWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(limits.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void from_whenMalformedOrOutOfRange_namesTheSettingAndItsVariable() {
        assertThatThrownBy(() -> from(Map.of(JdbcTargetLimits.BUSY_WAIT, "soon")))
                .hasMessageContaining("airlock.targets.busy-wait").hasMessageContaining("AIRLOCK_TARGETS_BUSY_WAIT");
        assertThatThrownBy(() -> from(Map.of(JdbcTargetLimits.AGENT_POOL_SHARE, "0")))
                .hasMessageContaining("airlock.targets.agent-pool-share-percent");
        assertThatThrownBy(() -> from(Map.of(JdbcTargetLimits.POOL_SIZE, "many")))
                .hasMessageContaining("AIRLOCK_TARGETS_POOL_SIZE");
    }

    @Test
    void pinnedSettings_pinsReadingRulesSearchPathAndTimeouts() {
        assertThat(JdbcSqlTarget.pinnedSettings("public", JdbcTargetLimits.DEFAULTS))
                .contains("-c standard_conforming_strings=on", "-c search_path=pg_catalog,public,pg_temp",
                        "-c lock_timeout=5000", "-c idle_in_transaction_session_timeout=60000", "-c statement_timeout=");
        assertThatThrownBy(() -> JdbcSqlTarget.pinnedSettings("x -c role=admin", JdbcTargetLimits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_whenUrlOverridesPinnedSettings_refuses() {
        assertThatThrownBy(() -> new JdbcSqlTarget("x", "jdbc:postgresql://h/db?options=-c%20search_path=evil"))
                .hasMessageContaining("options");
        assertThatThrownBy(() -> new JdbcSqlTarget("x", "jdbc:postgresql://h/db?preferQueryMode=simple"))
                .hasMessageContaining("preferquerymode");
    }
}
