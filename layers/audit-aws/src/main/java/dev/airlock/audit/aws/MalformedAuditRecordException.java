package dev.airlock.audit.aws;

/**
 * A stored item is not an audit record as the gateway writes it: an attribute is missing,
 * unknown, of the wrong type or not in its written form. Readers refuse it rather than guess;
 * {@link DynamoDbAuditVerifier} reports it as edited.
 */
public final class MalformedAuditRecordException extends IllegalArgumentException {
    public MalformedAuditRecordException(String record, String problem) {
        super("audit record " + record + " " + problem);
    }

    public MalformedAuditRecordException(String record, String problem, Throwable cause) {
        super("audit record " + record + " " + problem, cause);
    }
}
