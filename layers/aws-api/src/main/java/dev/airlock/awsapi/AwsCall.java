package dev.airlock.awsapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.core.engine.Operation;

import java.util.Objects;

/**
 * One AWS API call as Airlock reads it, whichever way it arrived (an SDK's wire request or the
 * JSON API): the target account, the catalog's service and operation names, and the input shaped
 * as for {@code aws <service> <operation> --cli-input-json}, with only members the catalog knows.
 * This, never the agent's bytes, is what is decided, shown, hashed and rebuilt.
 */
public record AwsCall(String target, String service, String operation, ObjectNode input) implements Operation {
    public AwsCall {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        input = Objects.requireNonNull(input, "input").deepCopy();
    }

    @Override
    public ObjectNode input() {
        return input.deepCopy();
    }
}
