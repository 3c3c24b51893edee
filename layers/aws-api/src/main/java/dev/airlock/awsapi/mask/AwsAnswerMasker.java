package dev.airlock.awsapi.mask;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.airlock.masking.MaskingEngine;

import java.io.BufferedWriter;
import java.io.CharConversionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Masks what AWS answers before the agent sees it: JSON and XML answers (values on policy's mask
 * paths replaced whole, every other string through the detectors), SSM parameters (a
 * SecureString's value never passes, whatever policy or the decrypt flag say) and S3 objects,
 * streamed (JSON and text; anything else is binary and refused).
 */
public final class AwsAnswerMasker {
    /** What a value on a mask path becomes. */
    public static final String MASK = "****";
    static final String SECURE_STRING = "ssm_secure_string";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TEXT_TYPES = Set.of("application/csv", "application/xml", "application/x-ndjson",
            "application/jsonl", "application/x-jsonlines", "application/yaml", "application/x-yaml");
    /** SSM parameter types whose value is plain text; anything else, or none, is treated as secret. */
    private static final Set<String> PLAIN_PARAMETER_TYPES = Set.of("String", "StringList");

    private final MaskingEngine engine;

    public AwsAnswerMasker(MaskingEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * A JSON answer: values at {@code maskPaths} become {@code ****} (an object or list there
     * goes whole), then every string through the detectors.
     *
     * @throws UnmaskableAnswerException if the body is not JSON
     */
    public MaskedBody maskJson(byte[] body, List<String> maskPaths) {
        List<MaskPath> paths = MaskPath.parseAll(maskPaths);
        Map<String, Integer> counts = new TreeMap<>();
        JsonNode tree = readJson(body);
        for (MaskPath path : paths) {
            int masked = replace(tree, path.steps(), 0);
            if (masked > 0) {
                counts.merge(path.text(), masked, Integer::sum);
            }
        }
        return detect(tree, counts);
    }

    /**
     * An XML answer, with DTDs and external entities disabled (a document holding either is
     * refused): elements on {@code maskPaths} (element names from the root, or from below the
     * answer's wrapper element; {@code []} matches the list's member element) become
     * {@code ****}, then every text node and attribute through the detectors.
     *
     * @throws UnmaskableAnswerException if the body is not well-formed XML or declares a DTD
     */
    public MaskedBody maskXml(byte[] body, List<String> maskPaths) {
        List<MaskPath> paths = MaskPath.parseAll(maskPaths);
        Map<String, Integer> counts = new TreeMap<>();
        byte[] masked = XmlAnswerMasker.mask(body, paths, new DetectorPass(engine, counts), counts);
        return new MaskedBody(masked, counts);
    }

    /**
     * A GetParameter, GetParameters, GetParametersByPath or GetParameterHistory answer: every
     * parameter whose {@code Type} is not plainly {@code String} or {@code StringList} (so a
     * SecureString, and one whose type is missing) has its {@code Value} replaced with
     * {@code ****}, whether or not the call asked for decryption; then the detectors.
     */
    public MaskedBody maskSsmParameters(byte[] jsonBody) {
        Map<String, Integer> counts = new TreeMap<>();
        JsonNode tree = readJson(jsonBody);
        int masked = maskSecureStrings(tree);
        if (masked > 0) {
            counts.put(SECURE_STRING, masked);
        }
        return detect(tree, counts);
    }

    /**
     * An S3 object's body, streamed from {@code in} to {@code out}: JSON ({@code application/json},
     * {@code *+json}) through the JSON masker, text ({@code text/*}, CSV, XML, NDJSON, YAML) line by
     * line through the detectors. Memory stays bounded whatever the object's size.
     *
     * @return how many values were masked, per detector type
     * @throws UnmaskableAnswerException before reading anything for a binary or unknown content
     *                                   type; while streaming if a JSON object does not parse
     *                                   (then the output is partial and must be dropped)
     */
    public Map<String, Integer> maskObject(InputStream in, OutputStream out, String contentType) throws IOException {
        MediaType type = MediaType.parse(contentType);
        if (type.isJson()) {
            try {
                return new TreeMap<>(engine.maskJson(in, out, List.of()));
            } catch (JacksonException e) {
                throw UnmaskableAnswerException.unreadable("the JSON object does not parse: " + e.getOriginalMessage(),
                        e);
            } catch (CharConversionException e) {
                throw UnmaskableAnswerException.unreadable("the JSON object is not in a Unicode encoding", e);
            }
        }
        if (!type.isText() && !TEXT_TYPES.contains(type.essence())) {
            throw UnmaskableAnswerException.binary(contentType);
        }
        Charset charset = type.charset();
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Map<String, Integer> counts = new TreeMap<>();
        Reader reader = new InputStreamReader(in, decoder);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, charset), 16 * 1024);
        new TextLineMasker(new DetectorPass(engine, counts), writer, counts).mask(reader);
        return counts;
    }

    private static JsonNode readJson(byte[] body) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw UnmaskableAnswerException.unreadable("the JSON answer is empty", null);
            }
            return tree;
        } catch (IOException e) {
            throw UnmaskableAnswerException.unreadable("the JSON answer does not parse", e);
        }
    }

    private MaskedBody detect(JsonNode tree, Map<String, Integer> counts) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(tree);
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64);
            engine.maskJson(new ByteArrayInputStream(json), out, List.of())
                    .forEach((type, count) -> counts.merge(type, count, Integer::sum));
            return new MaskedBody(out.toByteArray(), counts);
        } catch (IOException e) {
            throw new UncheckedIOException("masking a JSON answer in memory failed", e);
        }
    }

    /** Replaces what {@code steps[i..]} names below {@code node}; a name step over a list goes into each element. */
    private static int replace(JsonNode node, List<String> steps, int i) {
        String step = steps.get(i);
        boolean last = i == steps.size() - 1;
        int masked = 0;
        if (node instanceof ArrayNode array) {
            boolean each = step.equals(MaskPath.EACH);
            for (int k = 0; k < array.size(); k++) {
                if (each && last) {
                    array.set(k, TextNode.valueOf(MASK));
                    masked++;
                } else {
                    masked += replace(array.get(k), steps, each ? i + 1 : i);
                }
            }
        } else if (node instanceof ObjectNode object && !step.equals(MaskPath.EACH) && object.has(step)) {
            if (last) {
                object.put(step, MASK);
                masked++;
            } else {
                masked += replace(object.get(step), steps, i + 1);
            }
        }
        return masked;
    }

    private static int maskSecureStrings(JsonNode node) {
        int masked = 0;
        if (node instanceof ObjectNode object) {
            if (object.has("Value") && !isPlainParameter(object)) {
                object.put("Value", MASK);
                masked++;
            }
            for (JsonNode child : object) {
                masked += maskSecureStrings(child);
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode child : array) {
                masked += maskSecureStrings(child);
            }
        }
        return masked;
    }

    private static boolean isPlainParameter(ObjectNode parameter) {
        JsonNode type = parameter.get("Type");
        return type != null && type.isTextual() && PLAIN_PARAMETER_TYPES.contains(type.asText());
    }

    /** A Content-Type: its essence ({@code text/csv}) and charset. */
    private record MediaType(String essence, String charsetName) {
        static MediaType parse(String contentType) {
            if (contentType == null || contentType.isBlank()) {
                return new MediaType("", null);
            }
            String[] parts = contentType.split(";");
            String essence = parts[0].trim().toLowerCase(Locale.ROOT);
            String charset = null;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                int eq = parameter.indexOf('=');
                if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                    charset = parameter.substring(eq + 1).trim().replace("\"", "");
                }
            }
            return new MediaType(essence, charset);
        }

        boolean isJson() {
            return essence.equals("application/json") || essence.equals("text/json")
                    || (essence.indexOf('/') > 0 && essence.endsWith("+json"));
        }

        boolean isText() {
            return essence.startsWith("text/") || (essence.indexOf('/') > 0 && essence.endsWith("+xml"));
        }

        Charset charset() {
            if (charsetName == null) {
                return StandardCharsets.UTF_8;
            }
            try {
                return Charset.forName(charsetName);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw UnmaskableAnswerException.unreadable("the object's charset '" + charsetName
                        + "' is not one Airlock can read", e);
            }
        }
    }
}
