package dev.airlock.targets.rdsdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.contract.SqlTargetContract;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.credentials.aws.StsSessionCredentials;
import dev.airlock.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

import java.time.Instant;
import java.util.List;

/**
 * The SQL target contract (layers/core's test jar) on the RDS Data API of moto_server. Moto runs
 * no SQL: each statement gets the result a real PostgreSQL would give, queued through
 * {@code /moto-api/static/rds-data/statement-results}, so what is checked is how the target turns
 * the Data API's answer into columns, rows and the row cap. The refusals need a database and are
 * not run here; {@code RdsDataSqlTargetTest} checks how the Data API's refusals (SQLSTATE, timeout)
 * are reported, and reads are not in a READ ONLY transaction on this target (see
 * {@link RdsDataSqlTarget}).
 */
class RdsDataSqlTargetContractTest extends SqlTargetContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RdsDataTargetSpec ORDERS = new RdsDataTargetSpec("orders",
            "arn:aws:rds:us-east-1:123456789012:cluster:orders",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db-AbCdEf", "orders",
            "arn:aws:iam::123456789012:role/airlock-target-orders", SqlDialect.POSTGRESQL);
    private static MotoServer moto;
    private static RdsDataClient rdsData;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        rdsData = RdsDataClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        rdsData.close();
        moto.close();
    }

    @BeforeEach
    void reset() {
        moto.post("/moto-api/reset", "");
    }

    @Override
    protected SqlTarget target() {
        return new RdsDataSqlTarget(ORDERS, rdsData);
    }

    @Override
    protected TargetCredentials credentials() {
        return new StsSessionCredentials(AwsSessionCredentials.builder().accessKeyId("ASIACONTRACT00000001")
                .secretAccessKey("contract-session-secret").sessionToken("contract-session-token")
                .expirationTime(Instant.now().plusSeconds(900)).build(), "r-1",
                "arn:aws:sts::123456789012:assumed-role/airlock-target-orders/r-1");
    }

    /** The Data API's answer for {@code result}: moto hands it to the next statement not seen before. */
    @Override
    protected void cannedResult(String sql, QueryResult result) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode columns = answer.putArray("columnMetadata");
        for (ResultColumn column : result.columns()) {
            columns.addObject().put("name", column.label()).put("label", column.label());
        }
        ArrayNode records = answer.putArray("records");
        for (List<Object> row : result.rows()) {
            ArrayNode fields = records.addArray();
            for (Object value : row) {
                switch (value) {
                    case null -> fields.addObject().put("isNull", true);
                    case Number n -> fields.addObject().put("longValue", n.longValue());
                    case Boolean b -> fields.addObject().put("booleanValue", b);
                    default -> fields.addObject().put("stringValue", value.toString());
                }
            }
        }
        answer.put("numberOfRecordsUpdated", 0);
        moto.post("/moto-api/static/rds-data/statement-results",
                JSON.createObjectNode().set("results", JSON.createArrayNode().add(answer)).toString());
    }

    @Override
    @Test
    @Disabled("needs a database: moto runs no SQL. The database refuses a read that writes through the target's "
            + "reading user (readSecretArn, a user that may only SELECT); RdsDataSqlTargetTest checks reads log in as it")
    public void execute_whenAReadOnlyExecutionWrites_theDatabaseRefusesItAndNothingChanges() {
    }

    @Override
    @Test
    @Disabled("needs a database: moto answers every statement; RdsDataSqlTargetTest checks the Data API's refusal")
    public void execute_whenTheStatementFails_reportsItsSqlState() {
    }

    @Override
    @Test
    @Disabled("needs a database: moto does not sleep; RdsDataSqlTargetTest checks the Data API's timeout answer")
    public void execute_whenTheStatementRunsPastItsTimeout_isStoppedAsCancelled() {
    }
}
