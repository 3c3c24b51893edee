package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.awsapi.catalog.InputMember;
import dev.airlock.awsapi.catalog.InputMember.Type;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A REST-XML payload structure ({@code <Delete><Object><Key>..</Key></Object><Quiet>true</Quiet></Delete>})
 * read into the input by the catalog's members, and written back from them. Each member's
 * {@code wireName} is its element; a list's elements repeat flat, as S3 sends them. An element the
 * catalog does not name is refused.
 */
final class XmlPayload {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final int MAX_LIST = 1000;

    private XmlPayload() {
    }

    static ObjectNode read(InputMember structure, byte[] body, SafeXml.Limits limits) {
        SafeXml.Element root;
        try {
            root = SafeXml.parse(body, limits);
        } catch (SafeXml.XmlRejected e) {
            throw WireRefusal.invalid("The XML body " + e.getMessage() + ".");
        }
        if (!root.name().equals(structure.wireName())) {
            throw WireRefusal.invalid("The XML body's root element must be " + structure.wireName() + ".");
        }
        return readStructure(structure, root);
    }

    private static ObjectNode readStructure(InputMember structure, SafeXml.Element element) {
        ObjectNode out = JSON.objectNode();
        if (!element.text().isBlank()) {
            throw WireRefusal.invalid("The XML element " + element.name() + " has text beside its elements.");
        }
        for (SafeXml.Element child : element.children()) {
            InputMember member = memberFor(structure, child.name()).orElseThrow(() -> WireRefusal.invalid(
                    "The XML element " + child.name() + " is not one Airlock knows in " + element.name() + "."));
            if (member.type() == Type.LIST) {
                ArrayNode list = out.has(member.name()) ? (ArrayNode) out.get(member.name()) : out.putArray(member.name());
                if (list.size() >= MAX_LIST) {
                    throw WireRefusal.invalid("The XML body lists more than " + MAX_LIST + " " + child.name() + ".");
                }
                list.add(member.members().isEmpty() ? JSON.textNode(child.text()) : readStructure(member, child));
            } else if (out.has(member.name())) {
                throw WireRefusal.invalid("The XML element " + child.name() + " is sent more than once.");
            } else if (member.type() == Type.STRUCTURE) {
                out.set(member.name(), readStructure(member, child));
            } else {
                if (!child.children().isEmpty()) {
                    throw WireRefusal.invalid("The XML element " + child.name() + " must hold only text.");
                }
                out.set(member.name(), scalar(member, child.text()));
            }
        }
        for (InputMember member : structure.members().values()) {
            if (member.required() && !out.has(member.name())) {
                throw WireRefusal.invalid("The XML element " + element.name() + " needs " + member.wireName() + ".");
            }
        }
        return out;
    }

    private static Optional<InputMember> memberFor(InputMember structure, String elementName) {
        return structure.members().values().stream().filter(m -> m.wireName().equals(elementName)).findFirst();
    }

    private static JsonNode scalar(InputMember member, String text) {
        return switch (member.type()) {
            case BOOLEAN -> switch (text.trim()) {
                case "true" -> JSON.booleanNode(true);
                case "false" -> JSON.booleanNode(false);
                default -> throw WireRefusal.invalid("The XML element " + member.wireName() + " must be true or false.");
            };
            case INTEGER -> {
                if (!INTEGER.matcher(text.trim()).matches()) {
                    throw WireRefusal.invalid("The XML element " + member.wireName() + " must be an integer.");
                }
                yield JSON.numberNode(Long.parseLong(text.trim()));
            }
            default -> {
                // S3 names and version ids never hold control characters, and XML would not carry them back.
                if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw WireRefusal.invalid("The XML element " + member.wireName() + " has a control character.");
                }
                yield JSON.textNode(text);
            }
        };
    }

    /** The structure as XML, members in name order; text XML-escaped, and characters XML 1.0 cannot carry refused. */
    static byte[] write(InputMember structure, JsonNode value, String namespace) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        xml.append('<').append(structure.wireName()).append(" xmlns=\"").append(namespace).append("\">");
        writeMembers(structure, value, xml);
        xml.append("</").append(structure.wireName()).append('>');
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeMembers(InputMember structure, JsonNode value, StringBuilder xml) {
        List<InputMember> members = structure.members().values().stream()
                .sorted(Comparator.comparing(InputMember::name)).toList();
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) value::fields) {
            if (!structure.members().containsKey(field.getKey())) {
                throw new IllegalArgumentException(structure.name() + " has no member " + field.getKey() + ".");
            }
        }
        for (InputMember member : members) {
            JsonNode field = value.get(member.name());
            if (field == null || field.isNull()) {
                continue;
            }
            if (member.type() == Type.LIST) {
                for (JsonNode element : field) {
                    writeElement(member, element, xml);
                }
            } else {
                writeElement(member, field, xml);
            }
        }
    }

    private static void writeElement(InputMember member, JsonNode value, StringBuilder xml) {
        xml.append('<').append(member.wireName()).append('>');
        if (value.isObject()) {
            writeMembers(member, value, xml);
        } else {
            escape(value.asText(), xml);
        }
        xml.append("</").append(member.wireName()).append('>');
    }

    private static void escape(String text, StringBuilder xml) {
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> {
                    if (c < 0x20 || (c >= 0xfffe && c <= 0xffff) || (c >= 0xd800 && c <= 0xdfff)) {
                        throw new IllegalArgumentException("XML 1.0 cannot carry the control character U+"
                                + Integer.toHexString(c) + ".");
                    }
                    xml.appendCodePoint(c);
                }
            }
        });
    }
}
