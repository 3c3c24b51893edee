package dev.airlock.core.pipeline;

import dev.airlock.core.model.SqlRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * A request as it reached the gateway: the raw {@code Authorization} header and either the
 * decoded body or why it could not be decoded. The pipeline authenticates before it looks
 * at the body, so an unauthenticated caller learns nothing about body validation.
 */
public record InboundSqlRequest(Optional<String> authorization, Optional<SqlRequest> request,
                                Optional<String> malformedReason, Optional<String> sourceIp) {
    public InboundSqlRequest {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(malformedReason, "malformedReason");
        Objects.requireNonNull(sourceIp, "sourceIp");
        if (request.isPresent() == malformedReason.isPresent()) {
            throw new IllegalArgumentException("exactly one of request and malformedReason");
        }
    }

    public static InboundSqlRequest of(String authorization, SqlRequest request, String sourceIp) {
        return new InboundSqlRequest(Optional.ofNullable(authorization), Optional.of(request), Optional.empty(),
                Optional.ofNullable(sourceIp));
    }

    public static InboundSqlRequest malformed(String authorization, String reason, String sourceIp) {
        return new InboundSqlRequest(Optional.ofNullable(authorization), Optional.empty(), Optional.of(reason),
                Optional.ofNullable(sourceIp));
    }
}
