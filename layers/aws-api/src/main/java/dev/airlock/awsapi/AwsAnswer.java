package dev.airlock.awsapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What AWS answered, unmasked: it never leaves the gateway as it is.
 *
 * @param status  the HTTP status
 * @param headers the answer's headers, names lower case
 * @param body    the body bytes
 */
public record AwsAnswer(int status, Map<String, List<String>> headers, byte[] body) {
    public AwsAnswer {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name != null) {
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values);
            }
        });
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The id AWS gave the call, which its own logs and CloudTrail show. */
    public Optional<String> awsRequestId() {
        return header("x-amz-request-id").or(() -> header("x-amzn-requestid"));
    }

    @Override
    public String toString() {
        return "AwsAnswer[" + status + ", " + body.length + " bytes]";
    }
}
