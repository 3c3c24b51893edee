package dev.airlock.function.notifier;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifierSettingsTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    private static Map<String, String> required() {
        Map<String, String> values = new HashMap<>();
        values.put("airlock.token.kms-key-id", "alias/airlock-token");
        values.put("airlock.token.issuer", "https://airlock.example.com");
        values.put("airlock.public-url", "https://airlock.example.com");
        values.put("airlock.approval-sender", "airlock@example.com");
        return values;
    }

    @Test
    void from_whenOnlyTheRequiredAreSet_usesTheDefaultTablesAndAudience() {
        NotifierSettings settings = NotifierSettings.from(config(required()));

        assertThat(settings.approvalsTable()).isEqualTo("airlock-approvals");
        assertThat(settings.auditTable()).isEqualTo("airlock-audit");
        assertThat(settings.tokenKmsKeyId()).isEqualTo("alias/airlock-token");
        assertThat(settings.tokens().issuer()).isEqualTo("https://airlock.example.com");
        assertThat(settings.tokens().audience()).isEqualTo("airlock-gateway");
        assertThat(settings.publicUrl()).isEqualTo(URI.create("https://airlock.example.com"));
        assertThat(settings.sender()).isEqualTo("airlock@example.com");
    }

    @Test
    void from_whenTablesAndAudienceAreSet_readsThem() {
        Map<String, String> values = required();
        values.put("airlock.approvals-table", " prod-approvals ");
        values.put("airlock.audit-table", "prod-audit");
        values.put("airlock.token.audience", "prod-gateway");

        NotifierSettings settings = NotifierSettings.from(config(values));

        assertThat(settings.approvalsTable()).isEqualTo("prod-approvals");
        assertThat(settings.auditTable()).isEqualTo("prod-audit");
        assertThat(settings.tokens().audience()).isEqualTo("prod-gateway");
    }

    @Test
    void from_whenNothingIsSet_listsEveryMissingVariableAtOnce() {
        assertThatThrownBy(() -> NotifierSettings.from(config(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The approval notifier function is not configured:")
                .hasMessageContaining("Set AIRLOCK_TOKEN_KMS_KEY_ID to the KMS key that signs approval links")
                .hasMessageContaining("Set AIRLOCK_TOKEN_ISSUER")
                .hasMessageContaining("Set AIRLOCK_PUBLIC_URL to the gateway's https base URL")
                .hasMessageContaining("Set AIRLOCK_APPROVAL_SENDER")
                .hasMessageContaining("SES-verified");
    }

    @Test
    void from_whenAValueIsBlank_treatsItAsMissing() {
        Map<String, String> values = required();
        values.put("airlock.approval-sender", "  ");

        assertThatThrownBy(() -> NotifierSettings.from(config(values)))
                .hasMessageContaining("Set AIRLOCK_APPROVAL_SENDER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://airlock.example.com", "airlock.example.com", "/approvals",
            "ftp://airlock.example.com"})
    void from_whenThePublicUrlIsNotHttps_saysTheLinksCarryCredentials(String url) {
        Map<String, String> values = required();
        values.put("airlock.public-url", url);

        assertThatThrownBy(() -> NotifierSettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_PUBLIC_URL is '" + url + "': give an https URL")
                .hasMessageContaining("must not travel in clear text");
    }

    @Test
    void from_whenThePublicUrlHasAQuery_asksForTheBaseUrl() {
        Map<String, String> values = required();
        values.put("airlock.public-url", "https://airlock.example.com/?x=1");

        assertThatThrownBy(() -> NotifierSettings.from(config(values)))
                .hasMessageContaining("without a query or fragment");
    }

    @Test
    void from_whenThePublicUrlIsLocalHttp_acceptsItForLocalTests() {
        Map<String, String> values = required();
        values.put("airlock.public-url", "http://127.0.0.1:8080");

        assertThat(NotifierSettings.from(config(values)).publicUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void from_whenTheSenderHasADisplayName_asksForOnePlainAddress() {
        Map<String, String> values = required();
        values.put("airlock.approval-sender", "Airlock <airlock@example.com>");

        assertThatThrownBy(() -> NotifierSettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_APPROVAL_SENDER is 'Airlock <airlock@example.com>', not one plain "
                        + "address");
    }

    @Test
    void from_whenTheKeyIdHoldsSpaces_saysToGiveOne() {
        Map<String, String> values = required();
        values.put("airlock.token.kms-key-id", "alias/a alias/b");

        assertThatThrownBy(() -> NotifierSettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_TOKEN_KMS_KEY_ID holds spaces");
    }

    @Test
    void from_whenASharedVariableIsMisspelt_saysWhichWasMeant() {
        Map<String, String> values = required();
        values.put("AIRLOCK_APPROVAL_TABLE", "prod-approvals");

        assertThatThrownBy(() -> NotifierSettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_APPROVAL_TABLE is set, but no setting has that name: did you mean "
                        + "AIRLOCK_APPROVALS_TABLE?");
    }
}
