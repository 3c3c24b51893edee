package dev.airlock.targets.rdsdata;

import dev.airlock.core.model.SqlDialect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdsDataTargetsConfigTest {
    private static final String ORDERS = """
            {"name":"orders","kind":"rds-data",
             "clusterArn":"arn:aws:rds:eu-west-1:123456789012:cluster:orders",
             "secretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf",
             "database":"orders","roleArn":"arn:aws:iam::123456789012:role/airlock-target-orders"}""";

    private static List<RdsDataTargetSpec> parse(String json) {
        return RdsDataTargetsConfig.parse(json, "targets.json", List.of("demo"), Set.of("demo", "orders", "billing"),
                "policies/entities.json");
    }

    @Test
    void parse_whenValid_givesTheRdsDataTargets() {
        List<RdsDataTargetSpec> config = parse("{\"targets\":[" + ORDERS + "]}");

        assertThat(config).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("orders");
            assertThat(t.database()).isEqualTo("orders");
            assertThat(t.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
        });
    }

    @Test
    void parse_whenTheTargetNamesAReadingUser_readsLogInAsIt_andABadOneIsRefused() {
        String reader = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-reader-GhIjKl";
        String withReader = ORDERS.replace("\"database\"", "\"readSecretArn\":\"" + reader + "\",\"database\"");

        assertThat(parse("{\"targets\":[" + withReader + "]}")).singleElement().satisfies(t -> {
            assertThat(t.readSecretArn()).hasValue(reader);
            assertThat(t.secretFor(true)).isEqualTo(reader);
            assertThat(t.secretFor(false)).isEqualTo(t.secretArn());
        });
        assertThat(parse("{\"targets\":[" + ORDERS + "]}").getFirst().readSecretArn()).isEmpty();
        assertThatThrownBy(() -> parse("{\"targets\":[" + ORDERS.replace("\"database\"",
                "\"readSecretArn\":42,\"database\"") + "]}"))
                .hasMessageContaining("readSecretArn must be a string");
        assertThatThrownBy(() -> parse("{\"targets\":[" + ORDERS.replace("\"database\"",
                "\"readSecretArn\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf\","
                        + "\"database\"") + "]}"))
                .hasMessageContaining("targets[0] ('orders'): readSecretArn is the same secret as secretArn");
    }

    @Test
    void parse_whenManyThingsAreWrong_reportsEveryProblemWithItsFixAtOnce() {
        String json = """
                {"targets":[
                  %s,
                  %s,
                  {"name":"demo","kind":"rds-data","clusterArn":"arn:aws:s3:::bucket","database":"d",
                   "roleArn":"arn:aws:iam::123456789012:role/r","secretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:s",
                   "password":"hunter2"},
                  {"name":"billing","kind":"jdbc"},
                  {"name":"ghost","kind":"rds-data","engine":"oracle",
                   "clusterArn":"arn:aws:rds:eu-west-1:123456789012:cluster:g",
                   "secretArn":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:g",
                   "database":"g","roleArn":"arn:aws:iam::123456789012:role/g"}],
                 "extra":1}""".formatted(ORDERS, ORDERS);

        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targets.json cannot be used:")
                .hasMessageContaining("unknown field 'extra'")
                .hasMessageContaining("targets[1] ('orders'): another target is already named 'orders'")
                .hasMessageContaining("targets[2] ('demo'): the name 'demo' is taken by another target")
                .hasMessageContaining("targets[2] ('demo'): clusterArn 'arn:aws:s3:::bucket' is not the right kind")
                .hasMessageContaining("unknown field 'password'").hasMessageContaining("no password")
                .hasMessageContaining("targets[3] ('billing'): kind is 'jdbc'")
                .hasMessageContaining("targets[4] ('ghost'): the policies do not declare Target::\"ghost\"")
                .hasMessageContaining("engine is 'oracle'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void parse_whenNotJson_showsAnExample() {
        assertThatThrownBy(() -> parse("{targets"))
                .hasMessageContaining("is not valid JSON").hasMessageContaining("\"kind\":\"rds-data\"");
    }
}
