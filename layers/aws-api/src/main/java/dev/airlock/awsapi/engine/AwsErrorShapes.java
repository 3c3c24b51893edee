package dev.airlock.awsapi.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.catalog.WireProtocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Errors in each wire protocol's own shape: the AWS CLI then prints
 * {@code An error occurred (AccessDenied) when calling the DeleteObject operation: Airlock: ...}.
 * JSON services name their codes with an {@code Exception} suffix, as AWS's own do.
 */
public final class AwsErrorShapes {
    private AwsErrorShapes() {
    }

    /**
     * @param code    the query/XML form of the code ({@code AccessDenied}); JSON protocols get {@code AccessDeniedException}
     * @param message the message, already free of secrets and masked values
     */
    public static AwsErrorAnswer error(WireProtocol protocol, int status, String code, String message,
                                       String requestId) {
        String id = requestId == null ? "" : requestId;
        return switch (protocol) {
            case REST_XML -> xml(status, "application/xml", "<Error><Code>" + escape(code) + "</Code><Message>"
                    + escape(message) + "</Message><RequestId>" + escape(id) + "</RequestId></Error>");
            case QUERY -> xml(status, "text/xml", "<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver" : "Sender")
                    + "</Type><Code>" + escape(code) + "</Code><Message>" + escape(message) + "</Message></Error>"
                    + "<RequestId>" + escape(id) + "</RequestId></ErrorResponse>");
            case EC2 -> xml(status, "text/xml", "<Response><Errors><Error><Code>" + escape(code) + "</Code><Message>"
                    + escape(message) + "</Message></Error></Errors><RequestID>" + escape(id)
                    + "</RequestID></Response>");
            case JSON_1_0, JSON_1_1 -> json(status, protocol == WireProtocol.JSON_1_0 ? "application/x-amz-json-1.0"
                    : "application/x-amz-json-1.1", jsonCode(code), message, id);
            case REST_JSON -> json(status, "application/json", jsonCode(code), message, id);
        };
    }

    private static AwsErrorAnswer xml(int status, String contentType, String document) {
        return new AwsErrorAnswer(status, contentType, Map.of(),
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + document).getBytes(StandardCharsets.UTF_8));
    }

    private static AwsErrorAnswer json(int status, String contentType, String code, String message, String id) {
        ObjectNode body = AwsCallJson.JSON.createObjectNode();
        body.put("__type", code);
        body.put("message", message);
        Map<String, String> headers = id.isEmpty() ? Map.of("x-amzn-errortype", code)
                : Map.of("x-amzn-errortype", code, "x-amzn-requestid", id);
        return new AwsErrorAnswer(status, contentType, headers, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String jsonCode(String code) {
        return code.endsWith("Exception") ? code : code + "Exception";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
