package dev.airlock.function.notifier;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.approvals.aws.ApprovalQueueConsumer;
import dev.airlock.approvals.aws.ApprovalTaskTokens;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.RequestFacts;
import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalRequirement;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.Approver;
import dev.airlock.core.model.ApproverLinks;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.RiskClass;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.port.ApprovalNotifier;
import dev.airlock.core.port.ApprovalStore;
import dev.airlock.core.port.NotificationFailedException;
import dev.airlock.identity.ApprovalLinkTokens;
import dev.airlock.identity.GatewayPublicKeys;
import dev.airlock.identity.HeldRequestNotifications;
import dev.airlock.identity.InMemoryUsedLinks;
import dev.airlock.identity.TokenSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalNotifierHandlerTest {
    private static final Instant NOW = Instant.now();

    private final Map<String, ApprovalRecord> records = new HashMap<>();
    private final Map<String, String> savedTokens = new HashMap<>();
    private final List<List<ApproverLinks>> sent = new ArrayList<>();
    private final List<List<String>> sentTables = new ArrayList<>();
    private boolean notifierFails;

    private static PendingRequest held(String requestId) {
        // Held as the pipeline holds it: with the facts its engine found, which the notices read.
        return new PendingRequest(requestId, "ops-bot", new SqlRequest("demo",
                "delete from customers where id = ?", List.of(42)).held(), "ab".repeat(32),
                new RequestFacts("sql", "demo", "DELETE", "sql:delete", RiskClass.WRITE,
                        List.of("demo.public.customers"), List.of(), List.of("public.customers")),
                new MaskedSummary("delete from customers where id = ?", List.of("42")), List.of("p"),
                List.of(new ApprovalRequirement("dba", 1, Duration.ofHours(1), Duration.ofMinutes(15))), NOW,
                NOW.plusSeconds(3600));
    }

    private void hold(String requestId, ApprovalState state) {
        records.put(requestId, new ApprovalRecord(held(requestId), state, List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), NOW, 1));
    }

    private static String notice(String requestId) {
        return "{\"type\":\"airlock.approval.requested\",\"requestId\":\"" + requestId + "\",\"agentId\":\"ops-bot\","
                + "\"target\":\"demo\",\"summary\":\"DELETE FROM customers WHERE id = ?\",\"expiresInSeconds\":3600,"
                + "\"taskToken\":\"token-" + requestId + "\"}";
    }

    private static SQSEvent event(String... idsAndBodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < idsAndBodies.length; i += 2) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(idsAndBodies[i]);
            message.setBody(idsAndBodies[i + 1]);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    /** A DynamoDB client that keeps task tokens of the requests held here, and refuses others as DynamoDB would. */
    private DynamoDbClient dynamo() {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("updateItem") && args != null && args[0] instanceof UpdateItemRequest r) {
                String id = r.key().get("requestId").s();
                if (!records.containsKey(id)) {
                    throw ConditionalCheckFailedException.builder().message("no item").build();
                }
                savedTokens.put(id, r.expressionAttributeValues().get(":token").s());
                return UpdateItemResponse.builder().build();
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
        };
        return (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{DynamoDbClient.class}, handler);
    }

    private ApprovalStore store() {
        return (ApprovalStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ApprovalStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        return Optional.ofNullable(records.get((String) args[0]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private ApprovalNotifierHandler handler() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ApprovalLinkTokens links = new ApprovalLinkTokens(key, new GatewayPublicKeys(new JWKSet(key.toPublicJWK())),
                new InMemoryUsedLinks(Clock.systemUTC()), TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
        ApprovalNotifier notifier = (request, tables, approvers) -> {
            if (notifierFails) {
                throw new NotificationFailedException("SES did not take it", null);
            }
            sent.add(approvers);
            sentTables.add(tables);
        };
        Map<String, List<Approver>> groups = Map.of("dba", List.of(new Approver("alice", "alice@example.com"),
                new Approver("bob", "bob@example.com")));
        HeldRequestNotices notices = new HeldRequestNotices(store(), group -> groups.getOrDefault(group, List.of()),
                new HeldRequestNotifications(links, notifier,
                URI.create("https://airlock.example.com")));
        return new ApprovalNotifierHandler(new ApprovalQueueConsumer(new ApprovalTaskTokens(dynamo(),
                "airlock-approvals"), notices));
    }

    @Test
    void handleRequest_keepsTheTokenAndTellsEachApproverOfTheGroup() throws Exception {
        hold("r-1", ApprovalState.PENDING);

        SQSBatchResponse response = handler().handleRequest(event("m-1", notice("r-1")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(savedTokens).containsEntry("r-1", "token-r-1");
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst()).extracting(l -> l.approver().id()).containsExactly("alice", "bob");
        assertThat(sent.getFirst().getFirst().approve().toString())
                .startsWith("https://airlock.example.com/approvals/r-1?token=");
        assertThat(sentTables.getFirst()).containsExactly("demo.public.customers");
    }

    @Test
    void handleRequest_reportsOnlyTheFailedRecords() throws Exception {
        hold("r-1", ApprovalState.PENDING);

        SQSBatchResponse response = handler().handleRequest(event("m-bad", "not json", "m-1", notice("r-1"),
                "m-other", "{\"type\":\"other\"}"), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-bad", "m-other");
        assertThat(sent).hasSize(1);
    }

    @Test
    void handleRequest_whenTheNotifierFails_returnsTheMessageToTheQueue() throws Exception {
        hold("r-1", ApprovalState.PENDING);
        notifierFails = true;

        SQSBatchResponse response = handler().handleRequest(event("m-1", notice("r-1")), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1");
        assertThat(savedTokens).containsEntry("r-1", "token-r-1");
    }

    @Test
    void handleRequest_whenTheTableHoldsNoSuchRequest_dropsTheNoticeWithoutRetrying() throws Exception {
        SQSBatchResponse response = handler().handleRequest(event("m-1", notice("r-unknown")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void handleRequest_whenTheRequestIsNoLongerHeld_tellsNobody() throws Exception {
        hold("r-2", ApprovalState.APPROVED);

        SQSBatchResponse response = handler().handleRequest(event("m-2", notice("r-2")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(savedTokens).containsKey("r-2");
        assertThat(sent).isEmpty();
    }

    @Test
    void handleRequest_whenTheEventHasNoRecords_reportsNoFailures() throws Exception {
        assertThat(handler().handleRequest(new SQSEvent(), null).getBatchItemFailures()).isEmpty();
    }
}
