package dev.airlock.awsapi.wire;

import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;

import java.util.Optional;

/**
 * One wire protocol, both ways: an SDK's request read into a catalogued {@link AwsCall}, and a
 * call rebuilt into the request Airlock signs and sends. {@code encode(decode(r))} carries only
 * what the catalog knows: a header, parameter or field it does not know is refused or dropped.
 */
public interface ProtocolCodec {

    /**
     * The operation the request names, read before anything else ({@code X-Amz-Target}, {@code Action}),
     * so the decoder can refuse an operation that is never proxied or not catalogued with the right
     * reason. Empty when the request names none this codec can read; {@link #decode} then says why.
     */
    default Optional<String> operationName(WireRequest request, CatalogService service) {
        return Optional.empty();
    }

    /** Reads a request already checked by SigV4 for {@code service}, for {@code target}. */
    WireDecoding decode(WireRequest request, CatalogService service, String target);

    /** Rebuilds the call as the service expects it on the wire (path, query, headers, body; no signing headers). */
    RebuiltRequest encode(AwsCall call, CatalogService service, CatalogOperation operation);
}
