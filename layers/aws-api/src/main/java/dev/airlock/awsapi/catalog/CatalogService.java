package dev.airlock.awsapi.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service's catalog file ({@code catalog/<service>.json}): how its calls travel and the
 * operations Airlock proxies. Anything not listed is refused.
 *
 * @param service          the name the CLI and Cedar actions use ({@code s3}, {@code logs})
 * @param signingName      the SigV4 service name in the credential scope ({@code s3}, {@code logs})
 * @param protocol         the wire protocol
 * @param jsonTargetPrefix for JSON protocols, the {@code X-Amz-Target} prefix ({@code DynamoDB_20120810}); else empty
 * @param apiVersion       for query protocols, the {@code Version} parameter ({@code 2016-11-15}); else empty
 * @param operations       the supported operations by name
 */
public record CatalogService(String service, String signingName, WireProtocol protocol, String jsonTargetPrefix,
                             String apiVersion, Map<String, CatalogOperation> operations) {
    public CatalogService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(protocol, "protocol");
        jsonTargetPrefix = jsonTargetPrefix == null ? "" : jsonTargetPrefix;
        apiVersion = apiVersion == null ? "" : apiVersion;
        operations = Map.copyOf(operations);
    }

    public Optional<CatalogOperation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }
}
