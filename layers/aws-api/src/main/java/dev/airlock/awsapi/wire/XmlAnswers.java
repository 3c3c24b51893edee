package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An XML answer from AWS (S3's REST-XML, EC2, and the query protocol of STS, SQS, IAM...) as JSON
 * for Airlock's JSON API: elements become fields, repeated elements arrays. The document's root is
 * unwrapped, and for the query protocol so is {@code <XResult>} (its {@code ResponseMetadata} is
 * dropped), as the CLI shows them. Lists EC2 and the query protocol wrap ({@code <instancesSet><item>},
 * {@code <Arns><member>}) are always arrays; a list S3 sends flat or wrapped is an array only where
 * {@code listPaths} says so, since one element alone looks like a field:
 * {@code Contents} (a flat list: every {@code <Contents>} is an element) or {@code Buckets[Bucket]}
 * (a wrapper whose {@code <Bucket>} children are the elements). A path is the field names from the
 * answer's top, dot-separated, through arrays ({@code Reservations.Instances}).
 * <p>
 * Values stay text: XML does not say which are numbers, and a key of "007" must not become 7.
 */
public final class XmlAnswers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SafeXml.Limits LIMITS = new SafeXml.Limits(64 * 1024 * 1024, 64, 4_000_000, true);

    /** How element names become field names. */
    public enum Naming {
        /** As the XML names them (S3, the query protocol: already the CLI's names). */
        AS_SENT,
        /**
         * EC2's lower camel case as the CLI shows it: {@code instanceId} is {@code InstanceId}, and a
         * {@code <...Set>} list drops the suffix and takes a plural ({@code instancesSet} is {@code Instances},
         * {@code tagSet} is {@code Tags}).
         */
        EC2_CLI
    }

    private XmlAnswers() {
    }

    /** Thrown when the answer is not XML Airlock reads: the answer is then withheld, never passed on as is. */
    public static final class UnreadableAnswer extends RuntimeException {
        UnreadableAnswer(String message) {
            super(message, null, false, false);
        }
    }

    public static ObjectNode toJson(byte[] xml, Set<String> listPaths, Naming naming) {
        SafeXml.Element root;
        try {
            root = SafeXml.parse(xml, LIMITS);
        } catch (SafeXml.XmlRejected e) {
            throw new UnreadableAnswer("The XML answer " + e.getMessage() + ".");
        }
        SafeXml.Element top = root;
        if (root.name().endsWith("Response")) {
            String result = root.name().substring(0, root.name().length() - "Response".length()) + "Result";
            top = root.child(result).orElse(root);
        }
        ObjectNode out = JSON.objectNode();
        fill(out, top, "", new Paths(listPaths), naming);
        if (top != root) {
            out.remove("ResponseMetadata");
        }
        return out;
    }

    private record Paths(Set<String> flat, Map<String, String> wrapped) {
        Paths(Set<String> listPaths) {
            this(flat(listPaths), wrapped(listPaths));
        }

        private static Set<String> flat(Set<String> listPaths) {
            return Set.copyOf(listPaths.stream().filter(p -> !p.endsWith("]")).toList());
        }

        private static Map<String, String> wrapped(Set<String> listPaths) {
            Map<String, String> wrapped = new LinkedHashMap<>();
            for (String p : listPaths) {
                if (p.endsWith("]")) {
                    int open = p.lastIndexOf('[');
                    wrapped.put(p.substring(0, open), p.substring(open + 1, p.length() - 1));
                }
            }
            return Map.copyOf(wrapped);
        }
    }

    private static void fill(ObjectNode out, SafeXml.Element element, String path, Paths paths, Naming naming) {
        Map<String, List<SafeXml.Element>> byName = new LinkedHashMap<>();
        for (SafeXml.Element child : element.children()) {
            byName.computeIfAbsent(child.name(), n -> new java.util.ArrayList<>()).add(child);
        }
        for (Map.Entry<String, List<SafeXml.Element>> group : byName.entrySet()) {
            List<SafeXml.Element> elements = group.getValue();
            boolean wrappedList = isWrappedList(elements.get(0));
            String field = fieldName(group.getKey(), wrappedList || elements.get(0).name().endsWith("Set")
                    && elements.get(0).children().isEmpty(), naming);
            String childPath = path.isEmpty() ? field : path + "." + field;
            if (elements.size() > 1 || paths.flat().contains(childPath)) {
                ArrayNode array = out.putArray(field);
                for (SafeXml.Element e : elements) {
                    array.add(value(e, childPath, paths, naming));
                }
            } else {
                out.set(field, value(elements.get(0), childPath, paths, naming));
            }
        }
    }

    private static JsonNode value(SafeXml.Element element, String path, Paths paths, Naming naming) {
        return value(element, path, paths, naming, false);
    }

    /** {@code item} is true for an element of a wrapped list, which shares the list's path but is no wrapper. */
    private static JsonNode value(SafeXml.Element element, String path, Paths paths, Naming naming, boolean item) {
        String wrappedItem = item ? null : paths.wrapped().get(path);
        if (wrappedItem != null) {
            ArrayNode array = JSON.arrayNode();
            for (SafeXml.Element child : element.children()) {
                if (child.name().equals(wrappedItem)) {
                    array.add(value(child, path, paths, naming, true));
                }
            }
            return array;
        }
        if (isWrappedList(element)) {
            ArrayNode array = JSON.arrayNode();
            for (SafeXml.Element child : element.children()) {
                array.add(value(child, path, paths, naming, true));
            }
            return array;
        }
        if (element.children().isEmpty()) {
            return naming == Naming.EC2_CLI && element.name().endsWith("Set") && element.text().isBlank()
                    ? JSON.arrayNode() : JSON.textNode(element.text());
        }
        ObjectNode object = JSON.objectNode();
        fill(object, element, path, paths, naming);
        return object;
    }

    /** EC2 lists are {@code <item>}s, the query protocol's {@code <member>}s. */
    private static boolean isWrappedList(SafeXml.Element element) {
        return !element.children().isEmpty() && element.children().stream()
                .allMatch(c -> c.name().equals("item") || c.name().equals("member"));
    }

    private static String fieldName(String element, boolean list, Naming naming) {
        if (naming == Naming.AS_SENT || element.isEmpty()) {
            return element;
        }
        String name = element.substring(0, 1).toUpperCase(Locale.ROOT) + element.substring(1);
        if (list && name.endsWith("Set") && name.length() > 3) {
            name = name.substring(0, name.length() - 3);
            name = name.endsWith("s") ? name : name + "s";
        }
        return name;
    }
}
