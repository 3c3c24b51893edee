package dev.airlock.awsapi.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code application/x-www-form-urlencoded} both ways, strictly: a parameter named twice, a
 * malformed escape, an empty pair or bytes that are not UTF-8 refuse the whole form, so Airlock and
 * AWS cannot read one form two ways.
 */
final class FormParameters {
    private FormParameters() {
    }

    /** The parameters in order, or why the form is refused. */
    record Parsed(Map<String, String> parameters, String refusal) {
    }

    static Parsed parse(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return new Parsed(out, null);
        }
        for (String pair : form.split("&", -1)) {
            if (pair.isEmpty()) {
                return new Parsed(null, "The form has an empty parameter (&&, or & at an end).");
            }
            int eq = pair.indexOf('=');
            Optional<String> name = decode(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (name.isEmpty() || value.isEmpty()) {
                return new Parsed(null, "The form has a malformed percent escape or bytes that are not UTF-8.");
            }
            if (name.get().isEmpty()) {
                return new Parsed(null, "The form has a parameter with no name.");
            }
            if (out.put(name.get(), value.get()) != null) {
                return new Parsed(null, "Parameter " + printable(name.get()) + " is sent more than once: send it once.");
            }
        }
        return new Parsed(out, null);
    }

    /** Percent-decodes one form component ({@code +} is a space); empty when malformed. */
    static Optional<String> decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x21 || c > 0x7e) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** RFC 3986 encoding, as the SDKs write forms: only unreserved characters stay as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String encode(List<Map.Entry<String, String>> parameters) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : parameters) {
            out.append(out.isEmpty() ? "" : "&").append(encode(p.getKey())).append('=').append(encode(p.getValue()));
        }
        return out.toString();
    }

    /** A parameter name in a message, only when it cannot carry a value or forge text. */
    static String printable(String name) {
        return name.matches("[A-Za-z0-9_.-]{1,100}") ? "'" + name + "'" : "(a name that is not printable)";
    }
}
