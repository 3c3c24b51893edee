package dev.airlock.audit.aws;

import dev.airlock.aws.support.LocalDynamoDb;

import dev.airlock.core.contract.AuditLogContract;
import dev.airlock.core.port.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The audit log contract (layers/core's test jar) on the local gateway's journal in front of the
 * audit table in the real DynamoDB Local. Reads wait until the journal has shipped what it holds.
 * A duplicate intent id is accepted into the journal and dropped when shipped, the table keeping
 * the first record, so the contract's "refused at once" does not apply.
 */
class JournaledAuditLogContractTest extends AuditLogContract {
    @RegisterExtension
    static final LocalDynamoDb LOCAL = new LocalDynamoDb();

    @TempDir
    Path journalDir;
    private String table;
    private JournaledAuditLog log;
    private AuditTrailReading trail;

    @BeforeEach
    void freshTable() {
        table = LOCAL.newAuditTable("journaled");
        log = open();
        trail = new AuditTrailReading(new DynamoDbAuditTrail(LOCAL.client(), table));
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    private JournaledAuditLog open() {
        return JournaledAuditLog.builder().table(new DynamoDbAuditLog(LOCAL.client(), table)).directory(journalDir)
                .open();
    }

    @Override
    protected AuditLog auditLog() {
        return log;
    }

    @Override
    protected boolean refusesDuplicateIntentAtOnce() {
        return false;
    }

    private void shipped() {
        try {
            if (!log.drain(Duration.ofSeconds(10))) {
                throw new AssertionError("the journal did not reach the table within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    protected Optional<Audited> read(String requestId) {
        shipped();
        return trail.read(requestId);
    }

    @Override
    protected List<String> approvalSteps(String requestId) {
        shipped();
        return trail.approvalSteps(requestId);
    }

    @Override
    protected boolean reopen() throws Exception {
        log.close();
        log = open();
        return true;
    }
}
