package dev.airlock.awsapi.wire;

import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.CatalogOperation;

import java.util.Objects;

/** What a wire decoder made of a request: one catalogued call, or a refusal that says why. */
public sealed interface WireDecoding {

    /** The call, with only members the catalog knows, and its catalog entry. */
    record Decoded(AwsCall call, CatalogOperation operation) implements WireDecoding {
        public Decoded {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /**
     * Refused before anything ran.
     *
     * @param code   the AWS-style error code the client shows ({@code InvalidRequest}, {@code UnknownOperation})
     * @param reason what was wrong and how to fix it; never echoes a value from the request
     */
    record Refused(String code, String reason) implements WireDecoding {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
