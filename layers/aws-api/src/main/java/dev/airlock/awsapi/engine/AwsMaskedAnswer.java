package dev.airlock.awsapi.engine;

import dev.airlock.core.engine.MaskedResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An AWS answer after masking, in both forms it leaves in: the service's own wire form (status,
 * the headers Airlock lets through, the masked body) for SDK clients, and JSON for the JSON API.
 */
public final class AwsMaskedAnswer implements MaskedResponse {
    private final String service;
    private final String operation;
    private final int status;
    private final Map<String, String> headers;
    private final byte[] wireBody;
    private final Supplier<Object> output;
    private final Map<String, Integer> maskedCounts;
    private final Optional<String> awsRequestId;
    private final Optional<Integer> itemCount;

    AwsMaskedAnswer(String service, String operation, int status, Map<String, String> headers, byte[] wireBody,
                    Supplier<Object> output, Map<String, Integer> maskedCounts, Optional<String> awsRequestId,
                    Optional<Integer> itemCount) {
        this.service = Objects.requireNonNull(service, "service");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.wireBody = wireBody.clone();
        this.output = Objects.requireNonNull(output, "output");
        this.maskedCounts = Map.copyOf(new TreeMap<>(maskedCounts));
        this.awsRequestId = Objects.requireNonNull(awsRequestId, "awsRequestId");
        this.itemCount = Objects.requireNonNull(itemCount, "itemCount");
    }

    /** The JSON API's answer: the operation's output, shaped as the AWS CLI prints it. */
    @Override
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("operation", operation);
        body.put("httpStatus", status);
        awsRequestId.ifPresent(id -> body.put("awsRequestId", id));
        body.put("output", output.get());
        return body;
    }

    @Override
    public Optional<Integer> itemCount() {
        return itemCount;
    }

    @Override
    public Optional<Long> itemsChanged() {
        return Optional.empty();
    }

    @Override
    public Map<String, Integer> maskedCounts() {
        return maskedCounts;
    }

    public int status() {
        return status;
    }

    /** The headers an SDK client gets: an allow-list, never checksums of the unmasked body. */
    public Map<String, String> headers() {
        return headers;
    }

    public byte[] wireBody() {
        return wireBody.clone();
    }

    public Optional<String> awsRequestId() {
        return awsRequestId;
    }

    @Override
    public Optional<String> targetRequestId() {
        return awsRequestId;
    }

    public boolean isError() {
        return status >= 300;
    }

    /** The headers AWS answers with that an SDK client may see. */
    static final List<String> PASSED_HEADERS = List.of("content-type", "etag", "last-modified", "x-amz-request-id",
            "x-amzn-requestid", "x-amz-id-2", "x-amz-version-id", "x-amz-delete-marker", "accept-ranges",
            "content-range", "x-amz-storage-class", "x-amz-server-side-encryption", "x-amz-bucket-region",
            "x-amzn-query-error", "x-amzn-errortype", "x-amz-expiration", "x-amz-mp-parts-count",
            "content-disposition", "content-encoding", "content-language", "cache-control", "expires");

    @Override
    public String toString() {
        return "AwsMaskedAnswer[" + service + " " + operation + " " + status + "]";
    }
}
