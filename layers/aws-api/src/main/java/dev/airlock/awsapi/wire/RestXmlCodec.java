package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.InputMember;
import dev.airlock.awsapi.catalog.InputMember.Location;
import dev.airlock.awsapi.catalog.InputMember.Type;
import dev.airlock.awsapi.catalog.WireProtocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * S3's REST-XML protocol, path style only: the operation is the method, the path's shape
 * ({@code /}, {@code /bucket}, {@code /bucket/key}), the query keys that tell operations apart
 * ({@code ?list-type=2}, {@code ?delete}) and, for a PUT, whether {@code x-amz-copy-source} is sent
 * (then it is a CopyObject, which reads another object, never a PutObject).
 * <p>
 * Refused: a query parameter or {@code x-amz-*} header the operation does not know, anything sent
 * twice, a bucket in the Host header, a key with {@code .}/{@code ..} segments, malformed
 * percent-encoding or aws-chunked bodies, a checksum that does not match the body, and XML with a
 * DTD or entities. Other headers are dropped. The SDKs' bookkeeping headers (dates, tokens,
 * checksums, invocation ids) are checked where they can be, then dropped: the rebuilt request
 * carries its own.
 */
public final class RestXmlCodec implements ProtocolCodec {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String S3_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Set<String> BOOKKEEPING = Set.of("host", "authorization", "x-amz-date",
            "x-amz-security-token", "x-amz-content-sha256", "x-amz-user-agent", "amz-sdk-invocation-id",
            "amz-sdk-request", "x-amz-sdk-checksum-algorithm", "x-amz-trailer", "x-amz-decoded-content-length",
            "content-md5", "expect", "content-length", "content-encoding", "content-type", "transfer-encoding",
            // SDK v2 asks S3 to append an MD5 to GetObject answers; Airlock reads the answer itself.
            "x-amz-te");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern S3_HOST = Pattern.compile(".+\\.s3([.-].*)?");
    private static final Pattern EXECUTE_API_HOST = Pattern.compile(".+\\.[a-z0-9]+\\.execute-api\\..+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_DELETE_OBJECTS = 1000;
    private static final String METADATA_NAME = "[a-z0-9!#$%&'*+.^_`|~-]{1,128}";
    private static final SafeXml.Limits BODY_LIMITS = new SafeXml.Limits(2 * 1024 * 1024, 8, 4 * MAX_DELETE_OBJECTS + 16,
            false);

    private final Set<String> gatewayHosts;

    /** Guesses virtual-host style from the Host header's shape (S3 and API Gateway host names, {@code *.localhost}). */
    public RestXmlCodec() {
        this(Set.of());
    }

    /** Accepts only these Host names (port ignored, case-insensitive): any other Host names a bucket or is wrong. */
    public RestXmlCodec(Set<String> gatewayHosts) {
        this.gatewayHosts = gatewayHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The operation S3 would read: the SDK's {@code x-id} when sent, else the one the method, path and query match. */
    @Override
    public Optional<String> operationName(WireRequest request, CatalogService service) {
        try {
            Map<String, String> query = query(request.rawQuery());
            String xId = query.get("x-id");
            if (xId != null) {
                return xId.matches("[A-Za-z0-9]{1,64}") ? Optional.of(xId) : Optional.empty();
            }
            return Optional.of(match(request, service, S3Path.parse(request.rawPath()), query).name());
        } catch (WireRefusal refusal) {
            return Optional.empty();
        }
    }

    @Override
    public WireDecoding decode(WireRequest request, CatalogService service, String target) {
        try {
            return read(request, service, target);
        } catch (WireRefusal refusal) {
            return refusal.toRefused();
        }
    }

    private WireDecoding read(WireRequest request, CatalogService service, String target) {
        if (service.protocol() != WireProtocol.REST_XML) {
            throw WireRefusal.invalid("The service " + service.service() + " does not speak REST-XML.");
        }
        checkHost(request);
        request.headers().forEach((name, values) -> {
            if (values.size() > 1) {
                throw WireRefusal.invalid("The header " + name + " is sent more than once.");
            }
        });
        S3Path path = S3Path.parse(request.rawPath());
        Map<String, String> query = query(request.rawQuery());
        CatalogOperation operation = match(request, service, path, query);
        S3RequestUri uri = S3RequestUri.parse(operation.http().requestUri());
        ObjectNode input = JSON.objectNode();
        path.bucket().ifPresent(b -> input.put("Bucket", b));
        path.key().ifPresent(k -> input.put("Key", k));

        readQuery(operation, uri, query, input);
        ReadBody body = readHeadersAndBody(request, operation, input);
        readPayload(operation, body.bytes(), input);
        for (InputMember member : operation.input().values()) {
            if (member.required() && !input.has(member.name())) {
                throw WireRefusal.invalid("S3 " + operation.name() + " needs " + member.name() + ".");
            }
        }
        return new WireDecoding.Decoded(new AwsCall(target, service.service(), operation.name(), input), operation);
    }

    private record ReadBody(byte[] bytes) {
    }

    private void checkHost(WireRequest request) {
        Optional<String> header = request.header("host");
        if (header.isEmpty()) {
            return;
        }
        String host = header.get().toLowerCase(Locale.ROOT).trim();
        if (!host.startsWith("[")) {
            int colon = host.lastIndexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        boolean virtual = gatewayHosts.isEmpty()
                ? !host.startsWith("[") && !IPV4.matcher(host).matches() && !host.equals("localhost")
                        && (host.endsWith(".localhost") || S3_HOST.matcher(host).matches()
                                || EXECUTE_API_HOST.matcher(host).matches())
                : !gatewayHosts.contains(host);
        if (virtual) {
            throw WireRefusal.invalid("The Host header names a bucket (virtual-host style): Airlock reads S3 requests "
                    + "in path style only. Set addressing_style = path (AWS CLI: aws configure set "
                    + "default.s3.addressing_style path; boto3: Config(s3={'addressing_style': 'path'}); "
                    + "SDK v2: forcePathStyle(true)).");
        }
    }

    /** The request's path: {@code /}, {@code /bucket}, {@code /bucket/} or {@code /bucket/key}, decoded once. */
    private record S3Path(S3RequestUri.Shape shape, Optional<String> bucket, Optional<String> key) {
        static S3Path parse(String rawPath) {
            if (rawPath.isEmpty() || rawPath.equals("/")) {
                return new S3Path(S3RequestUri.Shape.ROOT, Optional.empty(), Optional.empty());
            }
            if (!rawPath.startsWith("/")) {
                throw WireRefusal.invalid("The path does not start with '/'.");
            }
            String rest = rawPath.substring(1);
            int slash = rest.indexOf('/');
            String bucket = Percent.decode(slash < 0 ? rest : rest.substring(0, slash), "bucket name");
            S3Names.checkBucket(bucket);
            String rawKey = slash < 0 ? "" : rest.substring(slash + 1);
            if (rawKey.isEmpty()) {
                return new S3Path(S3RequestUri.Shape.BUCKET, Optional.of(bucket), Optional.empty());
            }
            String key = Percent.decode(rawKey, "object key");
            S3Names.checkKey(key);
            return new S3Path(S3RequestUri.Shape.OBJECT, Optional.of(bucket), Optional.of(key));
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = Percent.decode(eq < 0 ? pair : pair.substring(0, eq), "query parameter name");
            String value = eq < 0 ? "" : Percent.decode(pair.substring(eq + 1), "query parameter " + name);
            if (name.isEmpty()) {
                throw WireRefusal.invalid("The query string has an empty parameter name.");
            }
            if (query.put(name, value) != null) {
                throw WireRefusal.invalid("The query parameter '" + name + "' is sent more than once.");
            }
        }
        return query;
    }

    /**
     * The operation this request is: method and path shape must match, every literal query key of its
     * request URI must be present, and every required header member sent. The most specific wins, so a
     * PUT with x-amz-copy-source is CopyObject, never PutObject.
     */
    private static CatalogOperation match(WireRequest request, CatalogService service, S3Path path,
                                          Map<String, String> query) {
        List<CatalogOperation> candidates = new ArrayList<>();
        for (CatalogOperation op : service.operations().values()) {
            S3RequestUri uri = S3RequestUri.parse(op.http().requestUri());
            boolean literalsSent = uri.literal().stream()
                    .allMatch(e -> query.containsKey(e.getKey()) && query.get(e.getKey()).equals(e.getValue()));
            boolean headersSent = op.input().values().stream()
                    .filter(m -> m.required() && m.location() == Location.HEADER)
                    .allMatch(m -> request.header(m.wireName()).isPresent());
            if (op.http().method().equals(request.method()) && uri.shape() == path.shape() && literalsSent
                    && headersSent) {
                candidates.add(op);
            }
        }
        Comparator<CatalogOperation> specificity = Comparator
                .comparingInt((CatalogOperation op) -> S3RequestUri.parse(op.http().requestUri()).literal().size())
                .thenComparingLong(op -> op.input().values().stream()
                        .filter(m -> m.required() && m.location() == Location.HEADER).count());
        candidates.sort(specificity.reversed());
        if (candidates.isEmpty()) {
            throw new WireRefusal("UnsupportedOperation", "Airlock supports no S3 operation that is " + request.method()
                    + " on " + describe(path.shape()) + (query.isEmpty() ? "" : " with query parameters "
                    + query.keySet()) + ". Supported: " + new TreeMap<>(service.operations()).keySet() + ".");
        }
        if (candidates.size() > 1 && specificity.compare(candidates.get(0), candidates.get(1)) == 0) {
            throw new WireRefusal("UnsupportedOperation", "The request matches S3 " + candidates.get(0).name()
                    + " and " + candidates.get(1).name() + " alike; the catalog must tell them apart.");
        }
        return candidates.get(0);
    }

    private static String describe(S3RequestUri.Shape shape) {
        return switch (shape) {
            case ROOT -> "the service root";
            case BUCKET -> "a bucket";
            case OBJECT -> "an object";
        };
    }

    private static void readQuery(CatalogOperation operation, S3RequestUri uri, Map<String, String> query,
                                  ObjectNode input) {
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            String name = parameter.getKey();
            if (uri.literalName(name)) {
                continue;
            }
            if (name.equals("x-id")) {
                // SDKs name the operation in the query; it must be the one Airlock read.
                if (!parameter.getValue().equals(operation.name())) {
                    throw WireRefusal.invalid("The x-id query parameter names another operation than S3 "
                            + operation.name() + ".");
                }
                continue;
            }
            InputMember member = memberAt(operation, Location.QUERYSTRING, name).orElseThrow(() ->
                    WireRefusal.invalid("The query parameter '" + name + "' is not one Airlock knows for S3 "
                            + operation.name() + ": it is refused."));
            input.set(member.name(), typed(member, parameter.getValue(), "query parameter " + name));
        }
    }

    private static Optional<InputMember> memberAt(CatalogOperation operation, Location location, String wireName) {
        return operation.input().values().stream()
                .filter(m -> m.location() == location && m.type() != Type.MAP && (location == Location.HEADER
                        ? m.wireName().equalsIgnoreCase(wireName) : m.wireName().equals(wireName)))
                .findFirst();
    }

    private static ReadBody readHeadersAndBody(WireRequest request, CatalogOperation operation, ObjectNode input) {
        boolean chunked = false;
        List<String> checksumHeaders = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            String value = header.getValue().isEmpty() ? "" : header.getValue().get(0);
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                throw WireRefusal.invalid("The header " + name + " has a control character.");
            }
            if (name.equals("content-encoding")) {
                List<String> codings = new ArrayList<>();
                for (String coding : value.split(",")) {
                    if (coding.trim().equalsIgnoreCase("aws-chunked")) {
                        chunked = true;
                    } else if (!coding.isBlank()) {
                        codings.add(coding.trim());
                    }
                }
                Optional<InputMember> member = memberAt(operation, Location.HEADER, name);
                if (member.isPresent() && !codings.isEmpty()) {
                    input.put(member.get().name(), String.join(",", codings));
                }
                continue;
            }
            Optional<InputMember> member = memberAt(operation, Location.HEADER, name);
            if (member.isPresent()) {
                input.set(member.get().name(), member.get().name().equals("CopySource")
                        ? JSON.textNode(copySource(value)) : typed(member.get(), value, "header " + name));
                continue;
            }
            Optional<InputMember> prefixed = operation.input().values().stream()
                    .filter(m -> m.location() == Location.HEADER && m.type() == Type.MAP
                            && name.startsWith(m.wireName().toLowerCase(Locale.ROOT))
                            && name.length() > m.wireName().length())
                    .findFirst();
            if (prefixed.isPresent()) {
                ObjectNode map = input.has(prefixed.get().name()) ? (ObjectNode) input.get(prefixed.get().name())
                        : input.putObject(prefixed.get().name());
                String entry = name.substring(prefixed.get().wireName().length());
                if (!entry.matches(METADATA_NAME)) {
                    throw WireRefusal.invalid("The header " + prefixed.get().wireName() + "... has a name that is not "
                            + "an HTTP token.");
                }
                map.put(entry, value);
                continue;
            }
            if (name.startsWith("x-amz-checksum-")) {
                checksumHeaders.add(name);
                continue;
            }
            if (BOOKKEEPING.contains(name)) {
                continue;
            }
            if (name.startsWith("x-amz-")) {
                throw WireRefusal.invalid("The header " + name + " is not one Airlock knows for S3 "
                        + operation.name() + ": it is refused.");
            }
            // Any other header (User-Agent, Accept-Encoding, Connection, ...) is dropped.
        }

        byte[] body = request.body();
        String contentSha256 = request.header("x-amz-content-sha256").orElse("UNSIGNED-PAYLOAD").trim();
        boolean streaming = contentSha256.startsWith("STREAMING-");
        if (streaming != chunked) {
            throw WireRefusal.invalid("A STREAMING x-amz-content-sha256 and Content-Encoding aws-chunked go together; "
                    + "this request has one without the other.");
        }
        if (HEX_SHA256.matcher(contentSha256).matches()) {
            PayloadChecksums.verifyContentSha256(contentSha256, body);
        } else if (!contentSha256.equals("UNSIGNED-PAYLOAD") && !streaming) {
            throw WireRefusal.invalid("The x-amz-content-sha256 is neither a SHA-256 nor a payload marker SigV4 defines.");
        }
        Optional<String> decodedLength = request.header("x-amz-decoded-content-length");
        if (chunked) {
            AwsChunked decoded = AwsChunked.decode(body);
            body = decoded.data();
            if (decodedLength.isPresent() && !decodedLength.get().trim().equals(Integer.toString(body.length))) {
                throw WireRefusal.invalid("The x-amz-decoded-content-length is not the aws-chunked body's length.");
            }
            Set<String> declared = Set.of(request.header("x-amz-trailer").orElse("").toLowerCase(Locale.ROOT)
                    .replace(" ", "").split(","));
            for (Map.Entry<String, String> trailer : decoded.trailers().entrySet()) {
                if (trailer.getKey().startsWith("x-amz-checksum-") && declared.contains(trailer.getKey())) {
                    PayloadChecksums.verify(trailer.getKey(), trailer.getValue(), body);
                } else if (!trailer.getKey().equals("x-amz-trailer-signature")) {
                    throw WireRefusal.invalid("The aws-chunked body has a trailer " + trailer.getKey()
                            + " that x-amz-trailer does not declare or Airlock does not know.");
                }
            }
        } else if (decodedLength.isPresent() || request.header("x-amz-trailer").isPresent()) {
            throw WireRefusal.invalid("x-amz-decoded-content-length and x-amz-trailer come only with aws-chunked bodies.");
        }
        for (String name : checksumHeaders) {
            PayloadChecksums.verify(name, request.header(name).orElse(""), body);
        }
        Optional<String> md5 = request.header("content-md5");
        if (md5.isPresent()) {
            PayloadChecksums.verifyContentMd5(md5.get(), body);
        }
        return new ReadBody(body);
    }

    /**
     * {@code x-amz-copy-source: bucket/key[?versionId=v]}, percent-encoded by the SDKs, read strictly and
     * kept in one canonical encoded form (each character but unreserved ones and {@code /} escaped), the
     * form the resolver reads once into the source's ARN and the form sent on: a key is then read the same
     * way by the policy, the approver and S3.
     */
    static String copySource(String raw) {
        String value = raw.trim();
        value = value.startsWith("/") ? value.substring(1) : value;
        int q = value.indexOf('?');
        String versionId = null;
        if (q >= 0) {
            String parameter = value.substring(q + 1);
            if (!parameter.startsWith("versionId=")) {
                throw WireRefusal.invalid("x-amz-copy-source may carry only a versionId after '?'.");
            }
            versionId = Percent.decode(parameter.substring("versionId=".length()), "copy source versionId");
            if (versionId.isEmpty() || versionId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw WireRefusal.invalid("The copy source's versionId is empty or has a control character.");
            }
            value = value.substring(0, q);
        }
        String decoded = Percent.decode(value, "copy source");
        int slash = decoded.indexOf('/');
        if (slash < 0) {
            throw WireRefusal.invalid("x-amz-copy-source must be bucket/key (access point ARNs are not supported).");
        }
        String bucket = decoded.substring(0, slash);
        String key = decoded.substring(slash + 1);
        S3Names.checkBucket(bucket);
        S3Names.checkKey(key);
        return Percent.encode(bucket, false) + "/" + Percent.encode(key, true)
                + (versionId == null ? "" : "?versionId=" + Percent.encode(versionId, false));
    }

    private static JsonNode typed(InputMember member, String value, String where) {
        return switch (member.type()) {
            case INTEGER -> {
                if (!INTEGER.matcher(value.trim()).matches()) {
                    throw WireRefusal.invalid("The " + where + " must be an integer.");
                }
                yield JSON.numberNode(Long.parseLong(value.trim()));
            }
            case BOOLEAN -> switch (value.trim()) {
                case "true" -> JSON.booleanNode(true);
                case "false" -> JSON.booleanNode(false);
                default -> throw WireRefusal.invalid("The " + where + " must be true or false.");
            };
            default -> JSON.textNode(value);
        };
    }

    private static void readPayload(CatalogOperation operation, byte[] body, ObjectNode input) {
        List<InputMember> payload = operation.input().values().stream()
                .filter(m -> m.location() == Location.PAYLOAD).toList();
        Optional<InputMember> structure = payload.stream().filter(m -> m.type() == Type.STRUCTURE).findFirst();
        Optional<InputMember> text = payload.stream().filter(m -> m.type() == Type.STRING).findFirst();
        Optional<InputMember> blob = payload.stream().filter(m -> m.type() == Type.BLOB).findFirst();
        if (structure.isPresent()) {
            if (body.length > 0) {
                input.set(structure.get().name(), XmlPayload.read(structure.get(), body, BODY_LIMITS));
            }
        } else if (text.isPresent() || blob.isPresent()) {
            if (body.length > 0) {
                Optional<String> utf8 = text.isPresent() ? Percent.utf8(body) : Optional.empty();
                if (utf8.isPresent()) {
                    input.put(text.get().name(), utf8.get());
                } else if (blob.isPresent()) {
                    input.put(blob.get().name(), Base64.getEncoder().encodeToString(body));
                } else {
                    throw WireRefusal.invalid("The body of S3 " + operation.name() + " must be UTF-8 text.");
                }
            }
        } else if (body.length > 0) {
            throw WireRefusal.invalid("S3 " + operation.name() + " takes no body, and this request has one.");
        }
    }

    @Override
    public RebuiltRequest encode(AwsCall call, CatalogService service, CatalogOperation operation) {
        S3RequestUri uri = S3RequestUri.parse(operation.http().requestUri());
        ObjectNode input = call.input();
        for (Iterator<String> names = input.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!operation.input().containsKey(name)) {
                throw new IllegalArgumentException("S3 " + operation.name() + " has no member " + name + ".");
            }
        }
        checkForWire(operation, input).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        String path = switch (uri.shape()) {
            case ROOT -> "/";
            case BUCKET -> "/" + Percent.encode(input.path("Bucket").asText(), false);
            case OBJECT -> "/" + Percent.encode(input.path("Bucket").asText(), false) + "/"
                    + Percent.encode(input.path("Key").asText(), true);
        };
        List<Map.Entry<String, String>> query = new ArrayList<>(uri.literal());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byte[] body = new byte[0];
        for (InputMember member : operation.input().values()) {
            JsonNode value = input.get(member.name());
            if (value == null || value.isNull()) {
                continue;
            }
            switch (member.location()) {
                case QUERYSTRING -> query.add(Map.entry(member.wireName(), value.asText()));
                case HEADER -> {
                    if (member.type() == Type.MAP) {
                        value.fields().forEachRemaining(e ->
                                headers.put(member.wireName() + e.getKey(), e.getValue().asText()));
                    } else if (member.name().equals("CopySource")) {
                        headers.put(member.wireName(), encodeCopySource(value.asText()));
                    } else {
                        headers.put(member.wireName(), value.asText());
                    }
                }
                case PAYLOAD -> {
                    if (member.type() == Type.STRUCTURE) {
                        body = XmlPayload.write(member, value, S3_XMLNS);
                        headers.putIfAbsent("Content-Type", "application/xml");
                    } else if (member.type() == Type.BLOB) {
                        body = Base64.getDecoder().decode(value.asText());
                    } else {
                        body = value.asText().getBytes(StandardCharsets.UTF_8);
                    }
                }
                default -> {
                    // the bucket and key are in the path already
                }
            }
        }
        query.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        if (body.length > 0) {
            headers.put("Content-MD5", PayloadChecksums.contentMd5(body));
        }
        return new RebuiltRequest(operation.http().method(), path, query, headers, body);
    }

    /**
     * What the wire cannot carry, or S3 would read otherwise than the call says, in an input from
     * Airlock's JSON API (requests decoded here already pass): a bucket or key outside S3's and
     * Airlock's rules, a copy source not in its canonical form, a header value with a control
     * character, a metadata name that is not an HTTP token. Empty when the call can be sent as is.
     */
    public static Optional<String> checkForWire(CatalogOperation operation, ObjectNode input) {
        try {
            if (input.hasNonNull("Bucket")) {
                S3Names.checkBucket(input.get("Bucket").asText());
            }
            if (input.hasNonNull("Key")) {
                S3Names.checkKey(input.get("Key").asText());
            }
            if (input.hasNonNull("CopySource")) {
                encodeCopySource(input.get("CopySource").asText());
            }
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) input::fields) {
                JsonNode value = field.getValue();
                InputMember member = operation.input().get(field.getKey());
                if (member != null && member.location() == Location.HEADER && value.isValueNode()
                        && value.asText().chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                    return Optional.of(field.getKey() + " has a control character, which HTTP headers cannot carry.");
                }
            }
            JsonNode metadata = input.get("Metadata");
            if (metadata != null && !metadata.isNull()) {
                for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) metadata::fields) {
                    if (!entry.getKey().matches(METADATA_NAME)
                            || entry.getValue().asText().chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                        return Optional.of("Metadata names must be lower-case HTTP tokens and values free of control "
                                + "characters.");
                    }
                }
            }
            return Optional.empty();
        } catch (WireRefusal | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The copy source as decoded: already canonical, else it is refused here rather than read two ways. */
    private static String encodeCopySource(String copySource) {
        String canonical;
        try {
            canonical = copySource(copySource);
        } catch (WireRefusal r) {
            throw new IllegalArgumentException(r.getMessage(), r);
        }
        if (!canonical.equals(copySource)) {
            throw new IllegalArgumentException("CopySource must be bucket/key percent-encoded as S3 reads it ("
                    + "a space is %20), without a leading '/'.");
        }
        return canonical;
    }
}
