package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonFactory;
import dev.airlock.awsapi.AwsCall;
import dev.airlock.awsapi.catalog.AwsCatalog;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.catalog.InputCheck;
import dev.airlock.awsapi.catalog.WireProtocol;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS JSON 1.0 and 1.1 (DynamoDB, SQS, SSM, CloudWatch Logs): {@code POST /} with
 * {@code X-Amz-Target: <prefix>.<Operation>} and the input as one JSON object. The body is read
 * once, strictly (duplicate keys, deep nesting, trailing text and lone surrogates refused), and
 * the rebuilt body is Airlock's own serialization of that parse.
 */
public final class JsonProtocolCodec implements ProtocolCodec {
    /** DynamoDB's BatchWriteItem may carry 16 MB; nothing Airlock proxies over JSON sends more. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    public static final int MAX_DEPTH = 64;

    private static final Pattern OPERATION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,127}");
    private static final Set<String> PROTOCOL_HEADERS = Set.of("x-amz-target", "x-amzn-query-mode");
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxDocumentLength(MAX_BODY_BYTES).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // The number forwarded is the number decided: 1.50 stays 1.50, 0e9 stays 0E+9.
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    @Override
    public Optional<String> operationName(WireRequest request, CatalogService service) {
        if (request.headerCount("x-amz-target") != 1) {
            return Optional.empty();
        }
        String value = request.header("x-amz-target").orElse("");
        String prefix = service.jsonTargetPrefix() + ".";
        if (!value.startsWith(prefix) || !OPERATION.matcher(value.substring(prefix.length())).matches()) {
            return Optional.empty();
        }
        return Optional.of(value.substring(prefix.length()));
    }

    @Override
    public WireDecoding decode(WireRequest request, CatalogService service, String target) {
        if (!service.protocol().isJson()) {
            return invalid(service.service() + " does not speak AWS JSON.");
        }
        String contentType = contentType(service.protocol());
        Optional<String> media = WireHeaders.mediaType(request);
        if (media.filter(m -> m.equals("application/x-www-form-urlencoded")).isPresent()) {
            return invalid(service.service() + " takes AWS JSON (" + contentType + ", X-Amz-Target: "
                    + service.jsonTargetPrefix() + ".<Operation>); this request uses the older query protocol: "
                    + "use an SDK or CLI release that speaks JSON to " + service.service() + ".");
        }
        if (!request.method().equals("POST") || !WireHeaders.isRoot(request.rawPath()) || !request.rawQuery().isEmpty()) {
            return invalid(service.service() + " takes POST / with no query string.");
        }
        Optional<String> headers = WireHeaders.check(request, PROTOCOL_HEADERS);
        if (headers.isPresent()) {
            return invalid(headers.get());
        }
        if (!media.filter(contentType::equals).isPresent()) {
            return invalid(service.service() + " takes Content-Type: " + contentType + ".");
        }
        if (request.headerCount("x-amzn-query-mode") == 1
                && !request.header("x-amzn-query-mode").orElse("").equals("true")) {
            return invalid("Header x-amzn-query-mode may only say true.");
        }
        if (request.headerCount("x-amz-target") != 1) {
            return invalid(service.service() + " needs one X-Amz-Target header: " + service.jsonTargetPrefix()
                    + ".<Operation>.");
        }
        Optional<String> name = operationName(request, service);
        if (name.isEmpty()) {
            return invalid("X-Amz-Target must be " + service.jsonTargetPrefix() + ".<Operation>.");
        }
        Optional<CatalogOperation> op = service.operation(name.get());
        if (op.isEmpty()) {
            return new WireDecoding.Refused("UnknownOperation", AwsCatalog.howToAddText(service.service(), name.get()));
        }
        byte[] body = request.body();
        if (body.length > MAX_BODY_BYTES) {
            return invalid("The body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        ObjectNode input;
        try {
            JsonNode parsed = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            if (parsed == null || !parsed.isObject()) {
                return invalid("The body must be one JSON object.");
            }
            input = (ObjectNode) parsed;
        } catch (IOException | RuntimeException e) {
            return invalid("The body is not valid JSON (" + safeMessage(e) + ").");
        }
        if (!wellFormed(input)) {
            return invalid("The body holds a string that is not valid Unicode (a lone surrogate).");
        }
        canonicalNumbers(input);
        Optional<String> wrong = InputCheck.check(op.get(), input);
        if (wrong.isPresent()) {
            return new WireDecoding.Refused("ValidationException", wrong.get());
        }
        return new WireDecoding.Decoded(new AwsCall(target, service.service(), op.get().name(), input), op.get());
    }

    @Override
    public RebuiltRequest encode(AwsCall call, CatalogService service, CatalogOperation operation) {
        if (!service.protocol().isJson()) {
            throw new IllegalArgumentException(service.service() + " does not speak AWS JSON");
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(call.input());
        } catch (IOException e) {
            throw new IllegalStateException("Could not serialize the call's input", e);
        }
        return new RebuiltRequest("POST", "/", java.util.List.of(),
                Map.of("Content-Type", contentType(service.protocol()),
                        "X-Amz-Target", service.jsonTargetPrefix() + "." + operation.name()),
                body);
    }

    private static String contentType(WireProtocol protocol) {
        return protocol == WireProtocol.JSON_1_0 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }

    /** Says where and what kind of error, never the text Jackson quotes from the request. */
    private static String safeMessage(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String kind = message.startsWith("Duplicate field") ? "a key appears twice in one object"
                : e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
                ? "nested deeper than " + MAX_DEPTH + " levels or too long" : "malformed";
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
            return kind + " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
        }
        return kind;
    }

    /**
     * A decimal Airlock would write without a point or exponent ({@code 91e00} is written {@code 91})
     * becomes the integer it is, so the call decided is the call a reader of the rebuilt body sees.
     */
    private static void canonicalNumbers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                JsonNode replaced = canonicalNumber(e.getValue());
                if (replaced != e.getValue()) {
                    object.set(e.getKey(), replaced);
                } else {
                    canonicalNumbers(e.getValue());
                }
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replaced = canonicalNumber(array.get(i));
                if (replaced != array.get(i)) {
                    array.set(i, replaced);
                } else {
                    canonicalNumbers(array.get(i));
                }
            }
        }
    }

    private static JsonNode canonicalNumber(JsonNode node) {
        if (!node.isBigDecimal()) {
            return node;
        }
        String text = node.decimalValue().toString();
        if (text.contains(".") || text.contains("E") || text.contains("e")) {
            return node;
        }
        java.math.BigInteger value = new java.math.BigInteger(text);
        com.fasterxml.jackson.databind.node.JsonNodeFactory nodes = JSON.getNodeFactory();
        if (value.bitLength() < 32) {
            return nodes.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
    }

    private static boolean wellFormed(JsonNode node) {
        if (node.isTextual()) {
            return wellFormed(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!wellFormed(e.getKey()) || !wellFormed(e.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (!wellFormed(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static WireDecoding.Refused invalid(String reason) {
        return new WireDecoding.Refused("InvalidRequest", reason);
    }
}
