package dev.airlock.identity.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.identity.TradedRequests;
import dev.airlock.identity.contract.TradedRequestsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The traded-requests contract (layers/identity's test jar) on the real DynamoDB Local, two function instances. */
class DynamoDbTradedRequestsContractTest extends TradedRequestsContract {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private DynamoDbTradedRequests one;
    private DynamoDbTradedRequests other;

    @BeforeEach
    void freshTable() {
        String table = LOCAL.newAuditTable("traded");
        one = new DynamoDbTradedRequests(LOCAL.client(), table);
        other = new DynamoDbTradedRequests(LOCAL.client(), table);
    }

    @Override
    protected TradedRequests tradedRequests() {
        return one;
    }

    @Override
    protected TradedRequests tradedRequestsOnAnotherInstance() {
        return other;
    }
}
