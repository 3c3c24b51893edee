package dev.airlock.identity.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.identity.Revocations;
import dev.airlock.identity.contract.RevocationsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * The revocations contract (layers/identity's test jar) on the real DynamoDB Local: the operator
 * writes through one instance, each gateway reads through its own.
 */
class DynamoDbRevocationsContractTest extends RevocationsContract {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private String table;
    private DynamoDbRevocations operator;

    @BeforeEach
    void freshTable() {
        table = LOCAL.newAuditTable("revocations");
        operator = new DynamoDbRevocations(LOCAL.client(), table, clock);
    }

    @Override
    protected Revocations startGateway() {
        return new DynamoDbRevocations(LOCAL.client(), table, clock);
    }

    @Override
    protected Duration refreshInterval() {
        return DynamoDbRevocations.REFRESH_INTERVAL;
    }

    @Override
    protected void revokeToken(String tokenId, Duration longestTokenLife) {
        operator.revokeToken(tokenId, longestTokenLife);
    }

    @Override
    protected void revokeAgent(String agentId) {
        operator.revokeAgent(agentId);
    }

    @Override
    protected boolean restoreAgent(String agentId) {
        return operator.restoreAgent(agentId);
    }
}
