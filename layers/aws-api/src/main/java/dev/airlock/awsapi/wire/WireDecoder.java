package dev.airlock.awsapi.wire;

import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.WireProtocol;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an SDK's request with the codec of its service's protocol. Before any codec reads the
 * input, an operation that is never proxied is refused ({@code AccessDenied}) and one the catalog
 * does not list is refused ({@code UnknownOperation}) with how to add it. A codec that fails in a
 * way nobody foresaw refuses the request rather than letting it through.
 */
public final class WireDecoder {
    private final AwsCatalog catalog;
    private final Map<WireProtocol, ProtocolCodec> codecs;

    public WireDecoder(AwsCatalog catalog, Map<WireProtocol, ProtocolCodec> codecs) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.codecs = Map.copyOf(codecs);
    }

    /** With the shipped catalog. */
    public WireDecoder(Map<WireProtocol, ProtocolCodec> codecs) {
        this(AwsCatalog.load(), codecs);
    }

    /** JSON, query and EC2 codecs, and {@code restXml} for S3 when given. */
    public static WireDecoder standard(ProtocolCodec restXml) {
        return standard(AwsCatalog.load(), restXml);
    }

    public static WireDecoder standard(AwsCatalog catalog, ProtocolCodec restXml) {
        Map<WireProtocol, ProtocolCodec> codecs = new EnumMap<>(WireProtocol.class);
        ProtocolCodec json = new JsonProtocolCodec();
        ProtocolCodec query = new QueryProtocolCodec();
        codecs.put(WireProtocol.JSON_1_0, json);
        codecs.put(WireProtocol.JSON_1_1, json);
        codecs.put(WireProtocol.QUERY, query);
        codecs.put(WireProtocol.EC2, query);
        if (restXml != null) {
            codecs.put(WireProtocol.REST_XML, restXml);
        }
        return new WireDecoder(catalog, codecs);
    }

    public AwsCatalog catalog() {
        return catalog;
    }

    /** Reads a request whose SigV4 credential scope names {@code signingName}, for {@code target}. */
    public WireDecoding decode(WireRequest request, String signingName, String target) {
        Optional<CatalogService> service = catalog.bySigningName(signingName);
        if (service.isEmpty()) {
            Optional<String> never = uncataloguedOperation(request)
                    .flatMap(op -> catalog.neverProxied(signingName, op));
            if (never.isPresent()) {
                return new WireDecoding.Refused("AccessDenied", never.get());
            }
            return new WireDecoding.Refused("UnknownOperation", "Airlock does not proxy the AWS service signed as "
                    + (signingName != null && signingName.matches("[a-z0-9-]{1,64}") ? signingName : "(unreadable)")
                    + ": it has no catalog file. See " + AwsCatalog.HOW_TO_ADD + ".");
        }
        return decode(request, service.get(), target);
    }

    public WireDecoding decode(WireRequest request, CatalogService service, String target) {
        ProtocolCodec codec = codecs.get(service.protocol());
        if (codec == null) {
            return new WireDecoding.Refused("InvalidRequest", "Airlock cannot read " + service.protocol().wireName()
                    + " requests yet, so it does not proxy " + service.service() + ".");
        }
        try {
            Optional<String> named = codec.operationName(request, service);
            if (named.isPresent()) {
                Optional<WireDecoding.Refused> refused = refuseByName(service, named.get());
                if (refused.isPresent()) {
                    return refused.get();
                }
            }
            WireDecoding decoding = codec.decode(request, service, target);
            if (decoding instanceof WireDecoding.Decoded d) {
                return refuseByName(service, d.operation().name()).<WireDecoding>map(r -> r).orElse(d);
            }
            return decoding;
        } catch (RuntimeException e) {
            return new WireDecoding.Refused("InvalidRequest", "Airlock could not read this " + service.service()
                    + " request, so it does not pass it on.");
        }
    }

    /** The request Airlock sends for a decided call, by its service's codec. */
    public RebuiltRequest encode(AwsCall call) {
        CatalogService service = catalog.service(call.service())
                .orElseThrow(() -> new IllegalArgumentException("No catalog service " + call.service()));
        CatalogOperation op = service.operation(call.operation())
                .orElseThrow(() -> new IllegalArgumentException("No catalog operation " + call.operation()));
        ProtocolCodec codec = codecs.get(service.protocol());
        if (codec == null) {
            throw new IllegalArgumentException("No codec for " + service.protocol().wireName());
        }
        return codec.encode(call, service, op);
    }

    /** A best-effort read of the operation of a service with no catalog, only to say it is never proxied. */
    private static Optional<String> uncataloguedOperation(WireRequest request) {
        try {
            if (request.headerCount("x-amz-target") == 1) {
                String value = request.header("x-amz-target").orElse("");
                return Optional.of(value.substring(value.lastIndexOf('.') + 1));
            }
            String form = request.method().equals("GET") ? request.rawQuery()
                    : new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
            FormParameters.Parsed parsed = FormParameters.parse(form);
            return parsed.refusal() == null ? Optional.ofNullable(parsed.parameters().get("Action")) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<WireDecoding.Refused> refuseByName(CatalogService service, String operation) {
        Optional<String> never = catalog.neverProxied(service.service(), operation);
        if (never.isPresent()) {
            return Optional.of(new WireDecoding.Refused("AccessDenied", never.get()));
        }
        if (service.operation(operation).isEmpty()) {
            return Optional.of(new WireDecoding.Refused("UnknownOperation",
                    catalog.howToAdd(service.service(), operation)));
        }
        return Optional.empty();
    }
}
