package dev.airlock.settings;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsReaderTest {
    private static final Setting TABLE = new Setting("airlock.audit-table", "the DynamoDB audit table name");
    private static final Setting WAIT = new Setting("airlock.targets.busy-wait", "how long a request waits");
    private static final Setting POOL = new Setting("airlock.targets.pool-size", "connections per login");
    private static final Setting FLAG = new Setting("airlock.flag", "whether to");
    private static final Setting SIZE = new Setting("airlock.max-body-size", "the largest body");
    private static final Setting MACHINE = new Setting("airlock.approval.state-machine-arn",
            "a Step Functions state machine ARN");

    private static SettingsReader env(Map<String, String> values) {
        return SettingsReader.fromEnvironment(values);
    }

    @Test
    void variable_whenPropertyHasDotsAndDashes_isUpperCaseWithUnderscores() {
        assertThat(new Setting("airlock.target.demo.jdbc-url", "x").variable())
                .isEqualTo("AIRLOCK_TARGET_DEMO_JDBC_URL");
    }

    @Test
    void required_whenMissing_namesTheVariableAndWhatToPutInIt() {
        SettingsReader reader = env(Map.of());

        assertThat(reader.required(TABLE)).isNull();
        assertThatThrownBy(() -> reader.finish("The gateway function"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The gateway function is not configured:\n  - Set AIRLOCK_AUDIT_TABLE to the DynamoDB "
                        + "audit table name.");
    }

    @Test
    void required_whenBlank_countsAsMissing() {
        SettingsReader reader = env(Map.of("AIRLOCK_AUDIT_TABLE", "  "));

        assertThat(reader.required(TABLE)).isNull();
        assertThat(reader.problems()).singleElement().asString().startsWith("Set AIRLOCK_AUDIT_TABLE");
    }

    @Test
    void string_whenSet_isStripped() {
        assertThat(env(Map.of("AIRLOCK_AUDIT_TABLE", " prod-audit ")).string(TABLE, "airlock-audit"))
                .isEqualTo("prod-audit");
        assertThat(env(Map.of()).string(TABLE, "airlock-audit")).isEqualTo("airlock-audit");
    }

    @Test
    void duration_whenShortOrIsoForm_readsBoth() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "500ms"));
        assertThat(reader.duration(WAIT, Duration.ofSeconds(2), null, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "5m")).duration(WAIT, null, null, null))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "PT15M")).duration(WAIT, null, null, null))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "2h")).duration(WAIT, null, null, null))
                .isEqualTo(Duration.ofHours(2));
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void duration_whenMalformed_saysWhichFormsAreAccepted() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "soon"));

        assertThat(reader.duration(WAIT, Duration.ofSeconds(2), null, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(reader.problems()).singleElement().asString()
                .contains("AIRLOCK_TARGETS_BUSY_WAIT is 'soon', not an ISO-8601 duration such as PT2S")
                .contains("30s");
    }

    @Test
    void duration_whenOutOfRange_namesTheBound() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "100ms"));
        reader.duration(WAIT, Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofMinutes(1));
        SettingsReader tooLong = env(Map.of("AIRLOCK_TARGETS_BUSY_WAIT", "2m"));
        tooLong.duration(WAIT, Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofMinutes(1));

        assertThat(reader.problems()).singleElement().asString()
                .contains("AIRLOCK_TARGETS_BUSY_WAIT is PT0.1S, shorter than PT0.25S");
        assertThat(tooLong.problems()).singleElement().asString().contains("longer than PT1M");
    }

    @Test
    void integer_whenOutOfRange_givesTheRange() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS_POOL_SIZE", "500"));

        assertThat(reader.integer(POOL, 8, 1, 200)).isEqualTo(8);
        assertThat(reader.problems()).singleElement().asString()
                .isEqualTo("AIRLOCK_TARGETS_POOL_SIZE is 500, more than 200: set it to connections per login, "
                        + "from 1 to 200.");
    }

    @Test
    void integer_whenNotANumber_saysSo() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS_POOL_SIZE", "eight"));

        reader.integer(POOL, 8, 1, 200);

        assertThat(reader.problems()).singleElement().asString()
                .contains("AIRLOCK_TARGETS_POOL_SIZE is 'eight', not a whole number");
    }

    @Test
    void bytes_whenWithUnit_readsBinaryMultiples() {
        assertThat(env(Map.of("AIRLOCK_MAX_BODY_SIZE", "64K")).bytes(SIZE, 1, 1, Long.MAX_VALUE)).isEqualTo(65_536);
        assertThat(env(Map.of("AIRLOCK_MAX_BODY_SIZE", "1M")).bytes(SIZE, 1, 1, Long.MAX_VALUE))
                .isEqualTo(1_048_576);
        assertThat(env(Map.of("AIRLOCK_MAX_BODY_SIZE", "1000")).bytes(SIZE, 1, 1, Long.MAX_VALUE)).isEqualTo(1000);
    }

    @Test
    void bytes_whenTooLarge_showsTheBoundInUnits() {
        SettingsReader reader = env(Map.of("AIRLOCK_MAX_BODY_SIZE", "20M"));

        reader.bytes(SIZE, 1024, 1024, 10L << 20);

        assertThat(reader.problems()).singleElement().asString().contains("AIRLOCK_MAX_BODY_SIZE is 20M, more than 10M");
    }

    @Test
    void bool_whenNotTrueOrFalse_saysSo() {
        SettingsReader reader = env(Map.of("AIRLOCK_FLAG", "maybe"));

        assertThat(reader.bool(FLAG, true)).isTrue();
        assertThat(env(Map.of("AIRLOCK_FLAG", "FALSE")).bool(FLAG, true)).isFalse();
        assertThat(reader.problems()).singleElement().asString().contains("AIRLOCK_FLAG is 'maybe'");
    }

    @Test
    void list_whenCommaSeparated_dropsBlanks() {
        assertThat(env(Map.of("AIRLOCK_AUDIT_TABLE", " a, ,b ,")).list(TABLE)).isEqualTo(List.of("a", "b"));
        assertThat(env(Map.of()).list(TABLE)).isEmpty();
    }

    @Test
    void arn_whenAnotherServiceOrNotAnArn_saysWhatItMustBe() {
        SettingsReader reader = env(Map.of("AIRLOCK_APPROVAL_STATE_MACHINE_ARN", "arn:aws:sqs:us-east-1:123456789012:q"));

        assertThat(reader.arn(MACHINE, "states", "stateMachine:", "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME"))
                .isEmpty();
        assertThat(reader.problems()).singleElement().asString()
                .isEqualTo("AIRLOCK_APPROVAL_STATE_MACHINE_ARN must be a Step Functions state machine ARN "
                        + "(arn:aws:states:REGION:ACCOUNT:stateMachine:NAME).");
        assertThat(env(Map.of("AIRLOCK_APPROVAL_STATE_MACHINE_ARN",
                "arn:aws:states:us-east-1:123456789012:stateMachine:airlock"))
                .arn(MACHINE, "states", "stateMachine:", "x")).isPresent();
    }

    @Test
    void kmsKey_whenItHoldsSpaces_asksForOne() {
        SettingsReader reader = env(Map.of("AIRLOCK_AUDIT_TABLE", "alias/a alias/b"));

        assertThat(reader.kmsKey(TABLE, false)).isEmpty();
        assertThat(reader.problems()).singleElement().asString().contains("AIRLOCK_AUDIT_TABLE holds spaces");
    }

    @Test
    void url_whenPlainHttpToAnotherHost_refusesIt() {
        Setting url = new Setting("airlock.public-url", "the base URL");
        SettingsReader reader = env(Map.of("AIRLOCK_PUBLIC_URL", "http://airlock.example.com"));

        assertThat(reader.url(url, true, "such as https://airlock.example.com")).isEmpty();
        assertThat(env(Map.of("AIRLOCK_PUBLIC_URL", "http://127.0.0.1:8080")).url(url, true, ""))
                .contains(URI.create("http://127.0.0.1:8080"));
        assertThat(reader.problems()).singleElement().asString().contains("give an https URL");
    }

    @Test
    void finish_whenSeveralProblems_reportsEveryOneAtOnce() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS_POOL_SIZE", "0", "AIRLOCK_TARGETS_BUSY_WAIT", "soon"));
        reader.required(TABLE);
        reader.integer(POOL, 8, 1, 200);
        reader.duration(WAIT, Duration.ofSeconds(2), null, null);

        assertThatThrownBy(() -> reader.finish("The gateway function"))
                .hasMessageStartingWith("The gateway function is not configured:\n  - ")
                .hasMessageContaining("Set AIRLOCK_AUDIT_TABLE")
                .hasMessageContaining("AIRLOCK_TARGETS_POOL_SIZE is 0, less than 1")
                .hasMessageContaining("AIRLOCK_TARGETS_BUSY_WAIT is 'soon'");
    }

    @Test
    void finish_whenAVariableLooksLikeATypoOfAReadOne_reportsIt() {
        SettingsReader reader = env(Map.of("AIRLOCK_AUDIT_TABEL", "prod-audit", "AIRLOCK_SOMETHING_ELSE", "x",
                "PATH", "/usr/bin"));
        reader.string(TABLE, "airlock-audit");

        assertThatThrownBy(() -> reader.finish("The audit upkeep function"))
                .hasMessageContaining("AIRLOCK_AUDIT_TABEL is set, but no setting has that name: did you mean "
                        + "AIRLOCK_AUDIT_TABLE?")
                .hasMessageNotContaining("AIRLOCK_AUDIT_TABEL is set, but the audit upkeep function reads")
                .hasMessageNotContaining("PATH");
    }

    @Test
    void finish_whenAVariableIsSetThatNothingReads_namesItAndWhoDoesNotReadIt() {
        SettingsReader reader = env(Map.of("AIRLOCK_AUDIT_TABLE", "audit", "AIRLOCK_APPROVAL_SENDER", "a@example.com",
                "AIRLOCK_PUBLIC_URL", "https://airlock.example", "PATH", "/usr/bin", "QUARKUS_LOG_LEVEL", "INFO"));
        reader.required(TABLE);

        assertThatThrownBy(() -> reader.finish("The audit upkeep function"))
                .hasMessageContaining("AIRLOCK_APPROVAL_SENDER is set, but the audit upkeep function reads no such "
                        + "setting: remove it, or set it only on the function that reads it.")
                .hasMessageContaining("AIRLOCK_PUBLIC_URL is set, but the audit upkeep function reads no such setting")
                .hasMessageNotContaining("AIRLOCK_AUDIT_TABLE is set")
                .hasMessageNotContaining("PATH")
                .hasMessageNotContaining("QUARKUS_LOG_LEVEL")
                // The variable's name is enough; its value may be a secret.
                .hasMessageNotContaining("a@example.com");
    }

    @Test
    void finish_whenAnUnreadVariableHasAKnownFix_suggestsIt() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS", "demo", "AIRLOCK_TARGET_BILLING_JDBC_URL",
                "jdbc:postgresql://db/billing"));
        reader.list(new Setting("airlock.targets", "target names"));
        reader.fixForUnread("AIRLOCK_TARGET_", "list its target in AIRLOCK_TARGETS");

        assertThatThrownBy(() -> reader.finish("The gateway function"))
                .hasMessageContaining("AIRLOCK_TARGET_BILLING_JDBC_URL is set, but the gateway function reads no such "
                        + "setting: remove it, or list its target in AIRLOCK_TARGETS.");
    }

    @Test
    void finish_whenADynamicallyNamedVariableWasRead_acceptsIt() {
        SettingsReader reader = env(Map.of("AIRLOCK_TARGETS", "demo", "AIRLOCK_TARGET_DEMO_JDBC_URL",
                "jdbc:postgresql://db/demo"));
        for (String name : reader.list(new Setting("airlock.targets", "target names"))) {
            reader.required(new Setting("airlock.target." + name + ".jdbc-url", "its JDBC URL"));
        }

        reader.finish("The gateway function");

        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void finish_whenAllIsWell_returns() {
        SettingsReader reader = env(Map.of("AIRLOCK_AUDIT_TABLE", "audit"));
        reader.required(TABLE);

        reader.finish("The gateway function");

        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void from_whenLookupIsByPropertyName_findsPropertyFormNamesToo() {
        Map<String, String> properties = Map.of("airlock.audit-tabel", "x");
        SettingsReader reader = SettingsReader.from(name -> Optional.ofNullable(properties.get(name)),
                properties.keySet());
        reader.string(TABLE, "airlock-audit");

        assertThatThrownBy(() -> reader.finish("Airlock")).hasMessageContaining("did you mean AIRLOCK_AUDIT_TABLE?");
    }

    @Test
    void read_whenTunablesAreSet_buildsPipelineSettings() {
        SettingsReader reader = env(Map.of("AIRLOCK_STATEMENT_TIMEOUT", "45s", "AIRLOCK_APPROVAL_WAIT", "PT2H",
                "AIRLOCK_MAX_SQL_LENGTH", "5000", "AIRLOCK_MAX_PARAMS", "10", "AIRLOCK_MAX_ROWS", "50"));

        PipelineTunables tunables = PipelineTunables.read(reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(tunables.pipeline().statementTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(tunables.pipeline().approvalWait()).isEqualTo(Duration.ofHours(2));
        assertThat(tunables.pipeline().maxSqlLength()).isEqualTo(5000);
        assertThat(tunables.pipeline().maxParams()).isEqualTo(10);
        assertThat(tunables.defaultMaxRows()).isEqualTo(50);
    }

    @Test
    void read_whenNothingIsSet_isTheDefaults() {
        SettingsReader reader = env(Map.of());

        assertThat(PipelineTunables.read(reader)).isEqualTo(PipelineTunables.DEFAULTS);
    }

    @Test
    void read_whenTunablesAreWrong_namesEachVariable() {
        SettingsReader reader = env(Map.of("AIRLOCK_STATEMENT_TIMEOUT", "1h", "AIRLOCK_MAX_ROWS", "0",
                "AIRLOCK_MAX_PARAMS", "70000"));

        PipelineTunables.read(reader);

        assertThat(String.join("\n", reader.problems()))
                .contains("AIRLOCK_STATEMENT_TIMEOUT is PT1H, longer than PT15M")
                .contains("AIRLOCK_MAX_ROWS is 0, less than 1")
                .contains("AIRLOCK_MAX_PARAMS is 70000, more than 65535");
    }
}
