package dev.airlock.approvals.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.identity.UsedLinks;
import dev.airlock.identity.contract.UsedLinksContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The used-links contract (layers/identity's test jar) on the real DynamoDB Local, two function instances. */
class DynamoDbUsedLinksContractTest extends UsedLinksContract {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private DynamoDbUsedLinks one;
    private DynamoDbUsedLinks other;

    @BeforeEach
    void freshTable() {
        String table = LOCAL.newAuditTable("links");
        one = new DynamoDbUsedLinks(LOCAL.client(), table, clock);
        other = new DynamoDbUsedLinks(LOCAL.client(), table, clock);
    }

    @Override
    protected UsedLinks usedLinks() {
        return one;
    }

    @Override
    protected UsedLinks usedLinksOnAnotherInstance() {
        return other;
    }
}
