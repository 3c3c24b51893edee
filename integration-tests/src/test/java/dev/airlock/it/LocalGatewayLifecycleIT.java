package dev.airlock.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting, stopping with Ctrl-C and starting again, as a user would. */
class LocalGatewayLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void restart_keepsTheAuditTrailAndThePseudonyms() {
        Path dataDir = dir.resolve(".airlock");
        String requestId;
        String phonePseudonym;
        try (LocalGateway first = LocalGateway.start(dataDir)) {
            phonePseudonym = firstPhonePseudonym(first);
            assertThat(first.output()).contains("listening on " + first.url()).contains("reporting-bot")
                    .contains("./airlock sql");
            HttpResponse<String> response = Agents.sql(first, "reporting-bot", "select count(*) from customers");
            requestId = Agents.json(response).path("requestId").asText();

            // 130 = ended by SIGINT, as a shell reports Ctrl-C; the gateway stopped its databases first.
            assertThat(first.interrupt()).as(first.output()).isEqualTo(130);
            assertThat(first.output()).contains("Airlock local gateway stopped")
                    .doesNotContain("Exception").doesNotContain("ERROR");
            assertThat(dataDir.resolve("gateway.json")).doesNotExist();
        }
        try (LocalGateway second = LocalGateway.start(dataDir)) {
            AuditTrail audit = new AuditTrail(second.dynamo());
            assertThat(audit.status(requestId)).isEqualTo("COMPLETED");
            assertThat(audit.record(requestId, "intent").get("agentId").s()).isEqualTo("reporting-bot");
            assertThat(firstPhonePseudonym(second)).isEqualTo(phonePseudonym);
        }
    }

    @Test
    void keysRotate_whileRunning_newTokensWorkWithinSecondsAndOldOnesStillDo() throws Exception {
        Path dataDir = dir.resolve(".airlock");
        try (LocalGateway gateway = LocalGateway.start(dataDir)) {
            String before = Agents.token(dataDir, "reporting-bot");
            String body = Agents.body("demo", "select count(*) from customers");

            Cli.Result rotate = Cli.run("keys", "rotate", "--data-dir", dataDir.toString());
            assertThat(rotate.exitCode()).as(rotate.stderr()).isZero();
            assertThat(rotate.stdout()).contains("The running gateway signs with the new key within a second.");
            String after = Agents.token(dataDir, "reporting-bot");

            Instant deadline = Instant.now().plusSeconds(5);
            HttpResponse<String> withNewKey = Agents.post(gateway.url(), after, body);
            while (withNewKey.statusCode() == 401 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                withNewKey = Agents.post(gateway.url(), after, body);
            }
            assertThat(withNewKey.statusCode()).as(withNewKey.body()).isEqualTo(200);
            assertThat(Agents.post(gateway.url(), before, body).statusCode()).isEqualTo(200);
            HttpResponse<String> jwks = Agents.send(java.net.http.HttpRequest.newBuilder(
                    gateway.url().resolve("/.well-known/jwks.json")).GET().build());
            assertThat(Agents.json(jwks).path("keys")).hasSize(2);
        }
    }

    @Test
    void restart_marksRequestsLeftWithoutAnOutcomeAsOutcomeUnknown() {
        Path dataDir = dir.resolve(".airlock");
        String abandoned = "01a20000-dead-7000-8000-000000000001";
        try (LocalGateway first = LocalGateway.start(dataDir)) {
            // What a crash between the intent and the outcome of an allowed update leaves behind.
            Instant at = Instant.now();
            try (DynamoDbClient dynamo = first.dynamo()) {
                dynamo.putItem(b -> b.tableName("airlock-audit").item(Map.of(
                        "requestId", AttributeValue.fromS(abandoned), "phase", AttributeValue.fromS("intent"),
                        "at", AttributeValue.fromS(at.toString()),
                        "timeKey", AttributeValue.fromS(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                                .withZone(ZoneOffset.UTC).format(at)),
                        "agentId", AttributeValue.fromS("ops-bot"), "target", AttributeValue.fromS("demo"),
                        "effect", AttributeValue.fromS("ALLOW"),
                        "statement", AttributeValue.fromS("update orders set total = 0 where id = 1"))));
            }
            assertThat(first.interrupt()).isEqualTo(130);
        }
        try (LocalGateway second = LocalGateway.start(dataDir)) {
            AuditTrail audit = new AuditTrail(second.dynamo());
            assertThat(audit.status(abandoned)).isEqualTo("OUTCOME_UNKNOWN");
            assertThat(second.output()).contains("1 request had no recorded outcome");
            Cli.Result replay = Cli.run("audit", "replay", "--data-dir", dataDir.toString(), abandoned);
            assertThat(replay.stdout()).contains("OUTCOME_UNKNOWN").contains("may or may not have run");
        }
    }

    @Test
    void auditVerify_passesUntilSomeoneEditsDeletesOrSwapsRecords_thenNamesEach() throws Exception {
        Path dataDir = dir.resolve(".airlock");
        List<String> ids = new ArrayList<>();
        try (LocalGateway gateway = LocalGateway.start(dataDir)) {
            for (int i = 0; i < 20; i++) {
                ids.add(Agents.json(Agents.sql(gateway, "reporting-bot", "select count(*) from orders"))
                        .path("requestId").asText());
            }
            assertThat(gateway.interrupt()).isEqualTo(130);
        }
        try (LocalGateway gateway = LocalGateway.start(dataDir)) {
            Cli.Result intact = Cli.run("audit", "verify", "--data-dir", dataDir.toString());
            assertThat(intact.exitCode()).as(intact.stderr()).isZero();
            // Signed on the way down: the digest fixes every chain's head at the 40th record.
            assertThat(intact.stdout()).contains("The audit trail is intact: 40 records")
                    .containsPattern("; [1-9]\\d* signed digests? match");

            try (DynamoDbClient dynamo = gateway.dynamo()) {
                AuditTrail trail = new AuditTrail(dynamo);
                Map<String, AttributeValue> edited = new HashMap<>(trail.record(ids.get(5), "outcome"));
                edited.put("rowCount", AttributeValue.fromN("0"));
                dynamo.putItem(b -> b.tableName("airlock-audit").item(edited));
                dynamo.deleteItem(b -> b.tableName("airlock-audit").key(Map.of(
                        "requestId", AttributeValue.fromS(ids.get(8)), "phase", AttributeValue.fromS("intent"))));
                Map<String, AttributeValue> first = new HashMap<>(trail.record(ids.get(12), "intent"));
                Map<String, AttributeValue> second = new HashMap<>(trail.record(ids.get(12), "outcome"));
                for (String field : List.of("chain", "seq", "prevHash", "hash")) {
                    AttributeValue swap = first.get(field);
                    first.put(field, second.get(field));
                    second.put(field, swap);
                }
                dynamo.putItem(b -> b.tableName("airlock-audit").item(first));
                dynamo.putItem(b -> b.tableName("airlock-audit").item(second));
            }
            Cli.Result tampered = Cli.run("audit", "verify", "--data-dir", dataDir.toString());
            assertThat(tampered.exitCode()).isEqualTo(1);
            assertThat(tampered.stdout())
                    .contains(ids.get(5) + "/outcome").contains("was edited")
                    .contains(ids.get(8) + "/intent").contains("was deleted")
                    .contains(ids.get(12) + "/intent").contains(ids.get(12) + "/outcome");
            assertThat(tampered.stderr()).startsWith("airlock: 4 problems in 39 records");
        }
    }

    private static String firstPhonePseudonym(LocalGateway gateway) {
        HttpResponse<String> response = Agents.sql(gateway, "reporting-bot", "select phone from customers where id = 1");
        String pseudonym = Agents.json(response).path("rows").get(0).get(0).asText();
        assertThat(pseudonym).matches("phone_[0-9a-f]{16}");
        return pseudonym;
    }

    @Test
    void secondGatewayOnTheSameDataFolder_refusesToStart() {
        Path dataDir = dir.resolve(".airlock");
        try (LocalGateway first = LocalGateway.start(dataDir)) {
            assertThatThrownBy(() -> LocalGateway.start(dataDir))
                    .hasMessageContaining("Another Airlock gateway is already using the data folder");
            assertThat(Files.exists(dataDir.resolve("gateway.json"))).isTrue();
        }
    }

    @Test
    void portHeldByAnotherProgram_isRefusedInOneLine_andPortOutOfRangeToo() throws Exception {
        try (java.net.ServerSocket held = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result busy = Cli.run("local", "--port", String.valueOf(held.getLocalPort()), "--data-dir",
                    dir.resolve(".airlock").toString());

            assertThat(busy.exitCode()).isNotZero();
            assertThat(busy.stderr().strip()).isEqualTo("airlock: Port " + held.getLocalPort()
                    + " on 127.0.0.1 is in use: is a gateway already running? Stop it, or pass --port.");
            assertThat(dir.resolve(".airlock").resolve("gateway.json")).doesNotExist();
        }
        Cli.Result outOfRange = Cli.run("local", "--port", "65536", "--data-dir", dir.resolve(".airlock").toString());
        assertThat(outOfRange.exitCode()).isNotZero();
        assertThat(outOfRange.stderr()).startsWith("airlock: --port must be between 1 and 65535, or 0 for any free port.");
    }

    @Test
    void brokenPolicy_stopsStartWithFileAndLine() throws Exception {
        Path policies = dir.resolve("policies");
        Files.createDirectories(policies);
        for (String file : new String[]{"airlock.cedarschema", "entities.json", "demo.cedar"}) {
            Files.copy(Cli.HOME.resolve("policies").resolve(file), policies.resolve(file));
        }
        Files.writeString(policies.resolve("broken.cedar"), "permit (principal, action, resource) when { };\n");
        Cli.Result result = Cli.run("local", "--port", "0", "--data-dir",
                dir.resolve(".airlock").toString(), "--policies", policies.toString());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr())
                .contains("Airlock cannot start: broken.cedar:1:1: this policy does not parse");
    }
}
