package dev.airlock.core.pipeline;

import java.util.Objects;
import java.util.Optional;

/**
 * A request as it reached the gateway: the raw {@code Authorization} header, the protocol whose
 * engine reads the body, and the body as sent. The pipeline authenticates before the engine
 * reads the body, so an unauthenticated caller learns nothing about body validation.
 */
public record InboundRequest(String protocol, Optional<String> authorization, String body, Optional<String> sourceIp)
        implements RequestState.Inbound {
    public InboundRequest {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sourceIp, "sourceIp");
    }

    public static InboundRequest of(String protocol, String authorization, String body, String sourceIp) {
        return new InboundRequest(protocol, Optional.ofNullable(authorization), body == null ? "" : body,
                Optional.ofNullable(sourceIp));
    }
}
