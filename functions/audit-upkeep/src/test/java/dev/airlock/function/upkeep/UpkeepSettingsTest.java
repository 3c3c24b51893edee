package dev.airlock.function.upkeep;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpkeepSettingsTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    private static Map<String, String> withKey() {
        Map<String, String> values = new HashMap<>();
        values.put("airlock.audit.digest-key-id", "alias/airlock-audit-digest");
        return values;
    }

    @Test
    void from_whenOnlyTheKeyIsSet_usesTheDefaultTableAndGrace() {
        UpkeepSettings settings = UpkeepSettings.from(config(withKey()));

        assertThat(settings.auditTable()).isEqualTo("airlock-audit");
        assertThat(settings.digestKeyId()).isEqualTo("alias/airlock-audit-digest");
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void from_whenTableAndGraceAreSet_readsThem() {
        Map<String, String> values = withKey();
        values.put("airlock.audit-table", "prod-audit");
        values.put("airlock.audit.grace", " PT15M ");

        UpkeepSettings settings = UpkeepSettings.from(config(values));

        assertThat(settings.auditTable()).isEqualTo("prod-audit");
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void from_whenKeyIdMissing_saysToSetItToAnEccSigningKey() {
        assertThatThrownBy(() -> UpkeepSettings.from(config(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Set AIRLOCK_AUDIT_DIGEST_KEY_ID to the KMS key that signs audit digests")
                .hasMessageContaining("ECC_NIST_P256")
                .hasMessageContaining("SIGN_VERIFY");
    }

    @Test
    void from_whenKeyIdBlank_isTreatedAsMissing() {
        assertThatThrownBy(() -> UpkeepSettings.from(config(Map.of("airlock.audit.digest-key-id", "  "))))
                .hasMessageContaining("Set AIRLOCK_AUDIT_DIGEST_KEY_ID");
    }

    @Test
    void from_whenGraceIsNotADuration_namesTheValueAndTheGatewayTimeout() {
        Map<String, String> values = withKey();
        values.put("airlock.audit.grace", "5 minutes");

        assertThatThrownBy(() -> UpkeepSettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_AUDIT_GRACE is '5 minutes', not an ISO-8601 duration")
                .hasMessageContaining("PT5M")
                .hasMessageContaining("at least the gateway function's Lambda timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT5S", "PT0S", "-PT5M"})
    void from_whenGraceIsShorterThanAMinute_saysItMustCoverTheGatewayTimeout(String grace) {
        Map<String, String> values = withKey();
        values.put("airlock.audit.grace", grace);

        assertThatThrownBy(() -> UpkeepSettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_AUDIT_GRACE is ")
                .hasMessageContaining("shorter than PT1M")
                .hasMessageContaining("at least the gateway function's Lambda timeout");
    }

    @Test
    void from_whenGraceReachesTheLookback_saysNothingWouldBeMarked() {
        Map<String, String> values = withKey();
        values.put("airlock.audit.grace", "P7D");

        assertThatThrownBy(() -> UpkeepSettings.from(config(values)))
                .hasMessageContaining("looks back only 7 days");
    }

    @Test
    void from_whenKeyMissingAndGraceBad_reportsBothAtOnce() {
        assertThatThrownBy(() -> UpkeepSettings.from(config(Map.of("airlock.audit.grace", "soon"))))
                .hasMessageContaining("Set AIRLOCK_AUDIT_DIGEST_KEY_ID")
                .hasMessageContaining("AIRLOCK_AUDIT_GRACE is 'soon'");
    }

    @Test
    void from_whenGraceIsInTheShortForm_readsIt() {
        Map<String, String> values = withKey();
        values.put("airlock.audit.grace", "15m");

        assertThat(UpkeepSettings.from(config(values)).grace()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void from_whenTheGraceVariableIsMisspelt_saysWhichWasMeant() {
        Map<String, String> values = withKey();
        values.put("AIRLOCK_AUDIT_GRAC", "PT15M");

        assertThatThrownBy(() -> UpkeepSettings.from(config(values)))
                .hasMessageContaining("did you mean AIRLOCK_AUDIT_GRACE?");
    }
}
