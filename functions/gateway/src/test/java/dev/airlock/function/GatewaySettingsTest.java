package dev.airlock.function;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    private static Map<String, String> complete() {
        Map<String, String> values = new HashMap<>();
        values.put("airlock.audit-table", "audit");
        values.put("airlock.approvals-table", "approvals");
        values.put("airlock.token.issuer", "https://airlock.example");
        values.put("airlock.token.audience", "airlock-gateway");
        values.put("airlock.token.jwks", "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\","
                + "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\",\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}]}");
        values.put("airlock.targets", "demo");
        values.put("airlock.target.demo.jdbc-url", "jdbc:postgresql://db:5432/app");
        values.put("airlock.target.demo.secret-id", "airlock/demo");
        return values;
    }

    @Test
    void from_whenComplete_readsTargetsAndKeys() {
        GatewaySettings settings = GatewaySettings.from(config(complete()));

        assertThat(settings.targets()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("demo");
            assertThat(t.secretId()).isEqualTo("airlock/demo");
            assertThat(t.readSecretId()).isEmpty();
        });
        assertThat(settings.targetLimits()).isEqualTo(dev.airlock.jdbc.JdbcTargetLimits.DEFAULTS);
        assertThat(settings.tokenKeys().getKeys()).hasSize(1);
        assertThat(settings.pseudonymKeySecretId()).isEmpty();
        assertThat(settings.phoneRegion()).isEqualTo("US");
    }

    @Test
    void from_whenTheStackSetsAnotherFunctionsVariable_refusesToStartNamingIt() {
        Map<String, String> values = complete();
        values.put("AIRLOCK_APPROVAL_SENDER", "airlock@example.com");

        assertThatThrownBy(() -> GatewaySettings.from(config(values))).hasMessageContaining(
                "AIRLOCK_APPROVAL_SENDER is set, but the gateway function reads no such setting: remove it, or set "
                        + "it only on the function that reads it.");
    }

    @Test
    void from_whenMcpOriginsAndHostsAreSet_readsThem() {
        Map<String, String> values = complete();
        values.put("airlock.mcp.allowed-origins", "https://App.example.com, http://localhost:6274");
        values.put("airlock.mcp.allowed-hosts", "airlock.example.com");

        GatewaySettings settings = GatewaySettings.from(config(values));

        assertThat(settings.mcp().allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:6274");
        assertThat(settings.mcp().allowedHosts()).containsExactly("airlock.example.com");
    }

    @Test
    void from_whenAnMcpOriginHasAPath_saysWhatAnOriginIs() {
        Map<String, String> values = complete();
        values.put("airlock.mcp.allowed-origins", "https://app.example.com/chat");

        assertThatThrownBy(() -> GatewaySettings.from(config(values))).hasMessageContaining(
                "'https://app.example.com/chat' in AIRLOCK_MCP_ALLOWED_ORIGINS is not an origin");
    }

    @Test
    void from_whenATargetsVariablesAreSetButTheTargetIsNotListed_saysToListIt() {
        Map<String, String> values = complete();
        values.put("AIRLOCK_TARGET_BILLING_JDBC_URL", "jdbc:postgresql://db:5432/billing");
        values.put("AIRLOCK_TARGET_BILLING_SECRET_ID", "airlock/billing");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_TARGET_BILLING_JDBC_URL is set, but the gateway function reads no such "
                        + "setting: remove it, or list its target in AIRLOCK_TARGETS.")
                .hasMessageContaining("AIRLOCK_TARGET_BILLING_SECRET_ID is set");
    }

    @Test
    void from_whenTargetHasAReadingLoginAndLimits_readsThem() {
        Map<String, String> values = complete();
        values.put("airlock.target.demo.read-secret-id", "airlock/demo-read");
        values.put("airlock.targets.agent-concurrency", "2");

        GatewaySettings settings = GatewaySettings.from(config(values));

        assertThat(settings.targets()).singleElement()
                .satisfies(t -> assertThat(t.readSecretId()).hasValue("airlock/demo-read"));
        assertThat(settings.targetLimits().agentConcurrency()).isEqualTo(2);
    }

    @Test
    void from_whenATargetLimitIsMalformed_namesItsVariable() {
        Map<String, String> values = complete();
        values.put("airlock.targets.busy-wait", "soon");

        assertThatThrownBy(() -> GatewaySettings.from(config(values))).hasMessageContaining("AIRLOCK_TARGETS_BUSY_WAIT");
    }

    @Test
    void from_whenMaskingIsConfigured_readsKeySecretAndPhoneRegion() {
        Map<String, String> values = complete();
        values.put("airlock.pseudonym-key.secret-id", "airlock/pseudonym-key");
        values.put("airlock.masking.phone-region", "GB");

        GatewaySettings settings = GatewaySettings.from(config(values));

        assertThat(settings.pseudonymKeySecretId()).hasValue("airlock/pseudonym-key");
        assertThat(settings.phoneRegion()).isEqualTo("GB");
    }

    @Test
    void from_whenSettingsMissing_namesEveryVariableToSet() {
        Map<String, String> values = complete();
        values.remove("airlock.token.jwks");
        values.remove("airlock.target.demo.secret-id");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("Set AIRLOCK_TOKEN_KMS_KEY_ID to the KMS key that signs gateway tokens, or "
                        + "AIRLOCK_TOKEN_JWKS")
                .hasMessageContaining("Set AIRLOCK_TARGET_DEMO_SECRET_ID");
    }

    @Test
    void from_whenValuesMalformed_saysWhatIsExpected() {
        Map<String, String> values = complete();
        values.put("airlock.token.jwks", "not json");
        values.put("airlock.target.demo.jdbc-url", "jdbc:mysql://db/app");
        values.put("airlock.targets", "demo, Bad_Name");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_TOKEN_JWKS is not a JWK set")
                .hasMessageContaining("AIRLOCK_TARGET_DEMO_JDBC_URL must be a jdbc:postgresql: URL")
                .hasMessageContaining("'Bad_Name'");
    }

    @Test
    void from_whenAKmsKeySignsTokens_needsNoJwksAndReadsWhoMayExchange() {
        Map<String, String> values = complete();
        values.remove("airlock.token.jwks");
        values.put("airlock.token.kms-key-id", "alias/airlock-tokens");
        values.put("airlock.token.previous-kms-key-id", "alias/airlock-tokens-previous");
        values.put("airlock.identity-config", "{\"localBootstrap\": false, \"trustedIssuers\": [{\"issuer\": "
                + "\"https://token.actions.githubusercontent.com\", \"audience\": \"airlock\", \"rules\": [{\"claims\": "
                + "{\"repository\": \"acme/app\"}, \"agent\": \"ci-bot\"}]}]}");

        GatewaySettings settings = GatewaySettings.from(config(values));

        assertThat(settings.tokenKmsKeyId()).hasValue("alias/airlock-tokens");
        assertThat(settings.previousTokenKmsKeyId()).hasValue("alias/airlock-tokens-previous");
        assertThat(settings.tokenKeys().getKeys()).isEmpty();
        assertThat(settings.identity()).hasValueSatisfying(identity -> {
            assertThat(identity.localBootstrap()).isFalse();
            assertThat(identity.trustedIssuers()).singleElement()
                    .satisfies(i -> assertThat(i.issuer()).isEqualTo("https://token.actions.githubusercontent.com"));
        });
    }

    @Test
    void from_whenIdentityConfigCannotWorkInLambda_saysWhatToChange() {
        Map<String, String> values = complete();
        values.put("airlock.identity-config", "{\"trustedIssuers\": []}");
        values.put("airlock.token.previous-kms-key-id", "alias/old");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_IDENTITY_CONFIG must say \"localBootstrap\": false")
                .hasMessageContaining("tokens can only be exchanged with a signing key: set AIRLOCK_TOKEN_KMS_KEY_ID")
                .hasMessageContaining("AIRLOCK_TOKEN_PREVIOUS_KMS_KEY_ID is set without AIRLOCK_TOKEN_KMS_KEY_ID");
    }

    @Test
    void from_whenIdentityConfigMalformed_reportsItsProblemsWithTheOthers() {
        Map<String, String> values = complete();
        values.put("airlock.token.kms-key-id", "alias/airlock-tokens");
        values.put("airlock.identity-config", "{\"localBootstrap\": false, \"trustedIssuer\": []}");
        values.remove("airlock.audit-table");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_IDENTITY_CONFIG cannot be used")
                .hasMessageContaining("unknown field 'trustedIssuer'")
                .hasMessageContaining("Set AIRLOCK_AUDIT_TABLE");
    }

    @Test
    void from_whenOnlyRdsDataTargets_needsNoJdbcTargets() {
        Map<String, String> values = complete();
        values.remove("airlock.targets");
        values.remove("airlock.target.demo.jdbc-url");
        values.remove("airlock.target.demo.secret-id");
        values.put("airlock.rds-data-targets", "{\"targets\":[]}");

        GatewaySettings settings = GatewaySettings.from(config(values));

        assertThat(settings.targets()).isEmpty();
        assertThat(settings.rdsDataTargets()).hasValue("{\"targets\":[]}");
    }

    @Test
    void from_whenNoTargetsAtAll_namesEveryWayToGiveThem() {
        Map<String, String> values = complete();
        values.remove("airlock.targets");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("Set AIRLOCK_TARGETS to the JDBC target names")
                .hasMessageContaining("AIRLOCK_RDS_DATA_TARGETS to the RDS Data API targets")
                .hasMessageContaining("or AIRLOCK_AWS_TARGETS to the AWS account targets");
    }

    @Test
    void from_whenTheApprovalStateMachineIsNotAnArn_saysWhatItMustBe() {
        Map<String, String> values = complete();
        values.put("airlock.approval.state-machine-arn", "airlock-approvals");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_APPROVAL_STATE_MACHINE_ARN must be a Step Functions state machine ARN");
        values.put("airlock.approval.state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:airlock");
        assertThat(GatewaySettings.from(config(values)).approvalStateMachineArn())
                .hasValue("arn:aws:states:us-east-1:123456789012:stateMachine:airlock");
    }

    @Test
    void from_whenNoTunableIsSet_usesThePipelineDefaults() {
        GatewaySettings settings = GatewaySettings.from(config(complete()));

        assertThat(settings.tunables()).isEqualTo(dev.airlock.settings.PipelineTunables.DEFAULTS);
        assertThat(settings.maxBodyBytes()).isEqualTo(10_240L * 1024);
    }

    @Test
    void from_whenTunablesAreSet_readsEveryOne() {
        Map<String, String> values = complete();
        values.put("airlock.statement-timeout", "45s");
        values.put("airlock.approval.wait", "PT30M");
        values.put("airlock.max-sql-length", "20000");
        values.put("airlock.max-params", "100");
        values.put("airlock.max-rows", "500");
        values.put("airlock.max-body-size", "1M");
        values.put("airlock.targets.max-response-bytes", "4M");

        GatewaySettings settings = GatewaySettings.from(config(values));

        assertThat(settings.tunables().pipeline().statementTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(settings.tunables().pipeline().approvalWait()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(settings.tunables().pipeline().maxSqlLength()).isEqualTo(20_000);
        assertThat(settings.tunables().pipeline().maxParams()).isEqualTo(100);
        assertThat(settings.tunables().defaultMaxRows()).isEqualTo(500);
        assertThat(settings.maxBodyBytes()).isEqualTo(1L << 20);
        assertThat(settings.targetLimits().maxResponseBytes()).isEqualTo(4L << 20);
    }

    @Test
    void from_whenSeveralTunablesAreWrong_namesEachWithTheOtherProblems() {
        Map<String, String> values = complete();
        values.remove("airlock.audit-table");
        values.put("airlock.statement-timeout", "forever");
        values.put("airlock.max-rows", "-1");
        values.put("airlock.max-body-size", "64K");
        values.put("airlock.targets.pool-size", "1000");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageStartingWith("The gateway function is not configured:")
                .hasMessageContaining("Set AIRLOCK_AUDIT_TABLE")
                .hasMessageContaining("AIRLOCK_STATEMENT_TIMEOUT is 'forever'")
                .hasMessageContaining("AIRLOCK_MAX_ROWS is -1, less than 1")
                .hasMessageContaining("AIRLOCK_TARGETS_POOL_SIZE is 1000, more than 200")
                .hasMessageContaining("AIRLOCK_MAX_SQL_LENGTH is 100000 characters, more than the 65536 bytes of "
                        + "AIRLOCK_MAX_BODY_SIZE");
    }

    @Test
    void from_whenATunableIsMisspelt_asksWhetherTheKnownOneWasMeant() {
        Map<String, String> values = complete();
        values.put("AIRLOCK_MAX_ROW", "10");

        assertThatThrownBy(() -> GatewaySettings.from(config(values)))
                .hasMessageContaining("AIRLOCK_MAX_ROW is set, but no setting has that name: did you mean "
                        + "AIRLOCK_MAX_ROWS?");
    }
}
