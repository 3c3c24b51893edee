package dev.airlock.audit.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.contract.AuditLogContract;
import dev.airlock.core.port.AuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Optional;

/** The audit log contract (layers/core's test jar) on the audit table in the real DynamoDB Local. */
class DynamoDbAuditLogContractTest extends AuditLogContract {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    private String table;
    private DynamoDbAuditLog log;
    private AuditTrailReading trail;

    @BeforeEach
    void freshTable() {
        table = LOCAL.newAuditTable("audit");
        log = new DynamoDbAuditLog(LOCAL.client(), table);
        trail = new AuditTrailReading(new DynamoDbAuditTrail(LOCAL.client(), table));
    }

    @Override
    protected AuditLog auditLog() {
        return log;
    }

    @Override
    protected Optional<Audited> read(String requestId) {
        return trail.read(requestId);
    }

    @Override
    protected List<String> approvalSteps(String requestId) {
        return trail.approvalSteps(requestId);
    }

    @Override
    protected boolean reopen() {
        log = new DynamoDbAuditLog(LOCAL.client(), table);
        return true;
    }
}
