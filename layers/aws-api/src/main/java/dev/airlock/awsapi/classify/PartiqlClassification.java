package dev.airlock.awsapi.classify;

import java.util.Objects;
import java.util.Optional;

/**
 * What a DynamoDB {@code ExecuteStatement} does, as Airlock read its PartiQL.
 *
 * @param kind     the statement's kind; {@link Kind#UNKNOWN} for anything Airlock cannot read exactly
 * @param table    the table it names (empty when unknown)
 * @param index    the index a SELECT reads ({@code FROM "table"."index"})
 * @param hasWhere whether it has a WHERE clause (a SELECT without one scans the whole table)
 * @param reason   why it has this kind, in words an approver reads
 */
public record PartiqlClassification(Kind kind, Optional<String> table, Optional<String> index, boolean hasWhere,
                                    String reason) {
    public PartiqlClassification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(reason, "reason");
    }

    static PartiqlClassification unknown(String reason) {
        return new PartiqlClassification(Kind.UNKNOWN, Optional.empty(), Optional.empty(), false, reason);
    }

    /** The statement kinds DynamoDB runs, each with the IAM action that allows it. */
    public enum Kind {
        SELECT("dynamodb:PartiQLSelect"),
        INSERT("dynamodb:PartiQLInsert"),
        UPDATE("dynamodb:PartiQLUpdate"),
        DELETE("dynamodb:PartiQLDelete"),
        UNKNOWN(null);

        private final String iamAction;

        Kind(String iamAction) {
            this.iamAction = iamAction;
        }

        /** The IAM action; empty for UNKNOWN, which no action allows. */
        public Optional<String> iamAction() {
            return Optional.ofNullable(iamAction);
        }
    }
}
