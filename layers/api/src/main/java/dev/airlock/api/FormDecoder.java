package dev.airlock.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body as OAuth 2.0 wants it read: each
 * parameter at most once (RFC 6749 section 3.2), empty values as absent. Messages never repeat
 * a value, since one of them is a token.
 */
final class FormDecoder {
    static final String FORM = "application/x-www-form-urlencoded";

    private FormDecoder() {
    }

    static Map<String, String> decode(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            throw new IllegalArgumentException("Send the token exchange as " + FORM + " (curl -d does).");
        }
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("The request body is empty; send grant_type, subject_token and "
                    + "subject_token_type.");
        }
        for (String pair : body.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The form body is not valid URL encoding.");
            }
            if (value.isEmpty()) {
                continue;
            }
            if (form.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("Parameter '" + safeName(name) + "' is given more than once.");
            }
        }
        return form;
    }

    private static String safeName(String name) {
        return name.length() > 40 || !name.matches("[A-Za-z0-9_.-]*") ? "(unprintable)" : name;
    }
}
