package dev.airlock.approvals.aws;

import dev.airlock.core.port.ApprovalWorkflowException;
import dev.airlock.core.port.ApprovalWorkflowException.Reason;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.Map;
import java.util.Optional;

/**
 * The task token the approval workflow waits on, kept on the request's own item in the approvals
 * table under {@value #ATTRIBUTE}: one attribute this class alone writes, next to the attributes
 * the approval store owns. The token is written once the workflow's notice arrives, read by the
 * approve and deny endpoints, and removed once used.
 */
public final class ApprovalTaskTokens {
    public static final String ATTRIBUTE = "workflowTaskToken";

    private final DynamoDbClient dynamo;
    private final String table;

    public ApprovalTaskTokens(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Keeps the token on the request's item; the item must exist (the store holds the request first). */
    public void save(String requestId, TaskToken token) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(requestId))
                    .updateExpression("SET #token = :token")
                    .conditionExpression("attribute_exists(requestId)")
                    .expressionAttributeNames(Map.of("#token", ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token.value()))));
        } catch (ConditionalCheckFailedException e) {
            throw new ApprovalWorkflowException(Reason.NOT_WAITING, "The approvals table " + table
                    + " holds no request " + requestId + ": the workflow was started for a request the store never"
                    + " held, or its item was deleted. The notice is dropped; hold the request before starting"
                    + " its workflow.");
        } catch (SdkException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Could not save the workflow task token of request "
                    + requestId + " in table " + table + ": check that the table exists and that this role may"
                    + " dynamodb:UpdateItem on it (" + errorCode(e) + ").");
        }
    }

    /** The token the workflow of this request waits on, if its notice has arrived. */
    public Optional<TaskToken> find(String requestId) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(requestId))
                    .consistentRead(true).projectionExpression("#token")
                    .expressionAttributeNames(Map.of("#token", ATTRIBUTE))).item();
            return Optional.ofNullable(item).map(i -> i.get(ATTRIBUTE)).map(AttributeValue::s).map(TaskToken::new);
        } catch (SdkException e) {
            throw new ApprovalWorkflowException(Reason.UNAVAILABLE, "Could not read the workflow task token of request "
                    + requestId + " from table " + table + ": check that the table exists and that this role may"
                    + " dynamodb:GetItem on it (" + errorCode(e) + ").");
        }
    }

    /** Removes the token once used, unless another token has replaced it meanwhile. */
    public void forget(String requestId, TaskToken token) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(requestId))
                    .updateExpression("REMOVE #token")
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token.value()))));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // nothing to remove
        } catch (SdkException e) {
            // The token is useless once its task is decided; leaving it behind is harmless.
        }
    }

    private static Map<String, AttributeValue> key(String requestId) {
        return Map.of("requestId", AttributeValue.fromS(requestId));
    }

    static String errorCode(SdkException e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ", AWS request " + service.requestId();
        }
        return e.getClass().getSimpleName();
    }
}
