package dev.airlock.awsapi.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.awsapi.AwsAnswer;
import dev.airlock.awsapi.catalog.CatalogOperation;
import dev.airlock.awsapi.catalog.CatalogService;
import dev.airlock.awsapi.mask.AwsAnswerMasker;
import dev.airlock.awsapi.mask.MaskedBody;
import dev.airlock.awsapi.mask.UnmaskableAnswerException;
import dev.airlock.awsapi.wire.S3Answers;
import dev.airlock.awsapi.wire.XmlAnswers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import dev.airlock.core.engine.Executed;
import dev.airlock.core.engine.MaskedResponse;
import dev.airlock.core.model.PolicyDecision;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What AWS answered a call, unmasked. Masking is by where data sits in this service's answers:
 * JSON and XML bodies by the catalog's paths and the detectors, SSM SecureStrings always, and S3
 * object bodies by their content type; a binary object is not returned.
 */
final class AwsExecuted implements Executed {
    static final String GET_OBJECT = "GetObject";
    static final String HEAD_OBJECT = "HeadObject";
    static final String SECURE_STRING = "ssm-secure-string";

    private final AwsAnswer answer;
    private final CatalogService service;
    private final CatalogOperation operation;
    private final AwsAnswerMasker masker;

    AwsExecuted(AwsAnswer answer, CatalogService service, CatalogOperation operation, AwsAnswerMasker masker) {
        this.answer = answer;
        this.service = service;
        this.operation = operation;
        this.masker = masker;
    }

    @Override
    public MaskedResponse mask(PolicyDecision decision) {
        boolean ok = answer.status() < 300;
        String contentType = answer.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (ok && operation.name().equals(GET_OBJECT) && service.service().equals("s3")) {
            return objectBody(contentType);
        }
        MaskedBody masked;
        try {
            masked = maskBody(contentType);
        } catch (UnmaskableAnswerException e) {
            return withheld("Airlock: the answer could not be read to mask it, so it is withheld.");
        }
        byte[] body = masked.body();
        Supplier<Object> output = () -> outputOf(body, contentType);
        return new AwsMaskedAnswer(service.service(), operation.name(), answer.status(), passedHeaders(), body, output,
                masked.maskedCounts(), answer.awsRequestId(), Optional.empty());
    }

    private MaskedBody maskBody(String contentType) {
        byte[] body = answer.body();
        if (body.length == 0) {
            return new MaskedBody(body, Map.of());
        }
        if (operation.classifier().filter(SECURE_STRING::equals).isPresent() && answer.status() < 300) {
            return masker.maskSsmParameters(body);
        }
        if (isJson(contentType) || (service.protocol().isJson() && !isXml(contentType))) {
            return masker.maskJson(body, operation.maskPaths());
        }
        if (isXml(contentType) || !service.protocol().isJson()) {
            return masker.maskXml(body, operation.maskPaths());
        }
        return masker.maskXml(body, operation.maskPaths());
    }

    /** An S3 object: text, CSV and JSON stream through the detectors; anything else stays in S3. */
    private MaskedResponse objectBody(String contentType) {
        String encoding = answer.header("content-encoding").orElse("identity").toLowerCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> counts;
        if (!encoding.equals("identity") && !encoding.isEmpty() && !encoding.equals("aws-chunked")) {
            return refusedObject("it is stored with Content-Encoding " + encoding);
        }
        try {
            counts = masker.maskObject(new ByteArrayInputStream(answer.body()), out, contentType);
        } catch (UnmaskableAnswerException e) {
            return refusedObject(e.binary() ? "its content type (" + (contentType.isEmpty() ? "none" : contentType)
                    + ") is not text, CSV or JSON" : "Airlock could not read it to mask it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = out.toByteArray();
        Map<String, String> headers = passedHeaders();
        headers.remove("content-range");
        Supplier<Object> output = () -> {
            ObjectNode json = S3Answers.headObjectJson(answer.headers());
            json.remove("ContentLength");
            json.put("Body", new String(body, StandardCharsets.UTF_8));
            return AwsCallJson.JSON.convertValue(json, Object.class);
        };
        return new AwsMaskedAnswer(service.service(), operation.name(), answer.status(), headers, body, output, counts,
                answer.awsRequestId(), Optional.of(1));
    }

    private MaskedResponse refusedObject(String why) {
        return withheld("Airlock: this object is not returned because " + why
                + "; only text, CSV and JSON objects are masked and passed on.");
    }

    /** An answer Airlock cannot mask never leaves: the agent gets an AccessDenied that says why. */
    private MaskedResponse withheld(String message) {
        AwsErrorAnswer error = AwsErrorShapes.error(service.protocol(), 403, "AccessDenied", message,
                answer.awsRequestId().orElse(""));
        return new AwsMaskedAnswer(service.service(), operation.name(), error.status(), Map.of("content-type",
                error.contentType()), error.body(), () -> Map.of("Error", Map.of("Code", "AccessDenied", "Message",
                message)), Map.of(), answer.awsRequestId(), Optional.empty());
    }

    private Object outputOf(byte[] body, String contentType) {
        if (operation.name().equals(HEAD_OBJECT)) {
            return AwsCallJson.JSON.convertValue(S3Answers.headObjectJson(answer.headers()), Object.class);
        }
        if (body.length == 0) {
            return Map.of();
        }
        if (isJson(contentType) || service.protocol().isJson()) {
            try {
                JsonNode tree = AwsCallJson.JSON.readTree(body);
                return AwsCallJson.JSON.convertValue(tree, Object.class);
            } catch (IOException e) {
                return Map.of("Body", new String(body, StandardCharsets.UTF_8));
            }
        }
        try {
            ObjectNode json = switch (service.protocol()) {
                case REST_XML -> S3Answers.answerJson(operation.name(), body);
                case EC2 -> XmlAnswers.toJson(body, Set.of(), XmlAnswers.Naming.EC2_CLI);
                default -> XmlAnswers.toJson(body, Set.of(), XmlAnswers.Naming.AS_SENT);
            };
            return AwsCallJson.JSON.convertValue(json, Object.class);
        } catch (XmlAnswers.UnreadableAnswer e) {
            return Map.of("Unreadable", e.getMessage());
        }
    }

    private Map<String, String> passedHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : AwsMaskedAnswer.PASSED_HEADERS) {
            answer.header(name).ifPresent(value -> headers.put(name, value));
        }
        if (operation.name().equals(HEAD_OBJECT)) {
            // A HEAD answer's length is the object's, which the SDKs read; it carries no body to mask.
            answer.header("content-length").ifPresent(value -> headers.put("content-length", value));
        }
        return headers;
    }

    private static boolean isJson(String contentType) {
        return contentType.contains("json");
    }

    private static boolean isXml(String contentType) {
        return contentType.contains("xml");
    }
}
