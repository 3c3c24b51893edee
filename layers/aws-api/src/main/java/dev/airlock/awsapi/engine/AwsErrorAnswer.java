package dev.airlock.awsapi.engine;

import java.util.Map;

/**
 * An error in a service's own shape, so the SDK prints it as it prints AWS's own errors.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type
 * @param headers     extra headers the protocol reads the code from
 * @param body        the error document
 */
public record AwsErrorAnswer(int status, String contentType, Map<String, String> headers, byte[] body) {
    public AwsErrorAnswer {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
