package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.core.model.RiskClass;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks one catalog file. A catalog is reviewed like policy, so anything it does not
 * say plainly (an unknown field, protocol, risk, member or filter, a wildcard IAM action) stops
 * the gateway from starting, with a message naming the file and operation.
 */
final class CatalogReader {
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private static final Set<String> SERVICE_FIELDS = Set.of("service", "signingName", "protocol", "jsonTargetPrefix",
            "apiVersion", "operations");
    private static final Set<String> OPERATION_FIELDS = Set.of("http", "risk", "resourceScoped", "input", "resources",
            "actions", "maskPaths", "classifier", "policyFacts");
    private static final Set<String> MEMBER_FIELDS = Set.of("type", "required", "location", "wireName", "members");
    private static final Set<String> RESOURCE_FIELDS = Set.of("arn", "actions", "writes", "required");
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH");
    private static final Map<String, RiskClass> RISKS = Map.of("read", RiskClass.READ, "write", RiskClass.WRITE,
            "destructive", RiskClass.DESTRUCTIVE, "privilege", RiskClass.PRIVILEGE);
    /** A concrete IAM action: a service prefix and an operation, no wildcard. */
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final String file;

    private CatalogReader(String file) {
        this.file = file;
    }

    static JsonNode readResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Catalog file " + resource + " is missing from the classpath.");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Catalog file " + resource + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads {@code node}, the content of {@code file}, as the catalog of {@code expectedService}. */
    static CatalogService read(String file, String expectedService, JsonNode node) {
        return new CatalogReader(file).service(expectedService, node);
    }

    private CatalogService service(String expected, JsonNode node) {
        requireObject(node, "the file");
        onlyFields(node, SERVICE_FIELDS, "the service");
        String service = text(node, "service", true, "the service");
        if (!service.equals(expected)) {
            throw fail("names service '" + service + "' but index.json lists it as '" + expected + "'");
        }
        WireProtocol protocol;
        try {
            protocol = WireProtocol.fromWireName(text(node, "protocol", true, "the service"));
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        String prefix = text(node, "jsonTargetPrefix", false, "the service");
        String version = text(node, "apiVersion", false, "the service");
        if (protocol.isJson() == prefix.isEmpty()) {
            throw fail(protocol.isJson() ? "has protocol " + protocol.wireName() + " but no jsonTargetPrefix"
                    : "has a jsonTargetPrefix but protocol " + protocol.wireName());
        }
        if ((protocol == WireProtocol.QUERY || protocol == WireProtocol.EC2) && version.isEmpty()) {
            throw fail("has protocol " + protocol.wireName() + " but no apiVersion");
        }
        String signingName = text(node, "signingName", true, "the service");
        JsonNode ops = node.get("operations");
        requireObject(ops, "operations");
        Map<String, CatalogOperation> operations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : ops.properties()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw fail("has a malformed operation name '" + e.getKey() + "'");
            }
            operations.put(e.getKey(), operation(service, e.getKey(), e.getValue()));
        }
        return new CatalogService(service, signingName, protocol, prefix, version, operations);
    }

    private CatalogOperation operation(String service, String name, JsonNode node) {
        String where = "operation " + name;
        requireObject(node, where);
        onlyFields(node, OPERATION_FIELDS, where);
        JsonNode http = node.get("http");
        requireObject(http, where + " http");
        onlyFields(http, Set.of("method", "requestUri"), where + " http");
        String method = text(http, "method", true, where + " http");
        String uri = text(http, "requestUri", true, where + " http");
        if (!METHODS.contains(method) || !uri.startsWith("/")) {
            throw fail(where + " has http " + method + " " + uri + ": use an upper-case method and a URI starting with /");
        }
        String riskName = text(node, "risk", true, where);
        RiskClass risk = RISKS.get(riskName);
        if (risk == null) {
            throw fail(where + " has risk '" + riskName + "': use read, write, destructive or privilege");
        }
        boolean scoped = bool(node, "resourceScoped", true, where);
        Map<String, InputMember> input = members(node.get("input"), where + " input");
        List<ResourceTemplate> resources = new ArrayList<>();
        JsonNode res = node.get("resources");
        if (res != null) {
            requireArray(res, where + " resources");
            for (JsonNode r : res) {
                resources.add(resource(r, input, where));
            }
        }
        List<String> actions = actions(node.get("actions"), where + " actions", true);
        List<String> maskPaths = strings(node.get("maskPaths"), where + " maskPaths");
        JsonNode classifierNode = node.get("classifier");
        Optional<String> classifier = Optional.empty();
        if (classifierNode != null && !classifierNode.isNull()) {
            if (!classifierNode.isTextual() || classifierNode.asText().isBlank()) {
                throw fail(where + " has a classifier that is not a name");
            }
            classifier = Optional.of(classifierNode.asText());
        }
        if (!scoped && actions.isEmpty()) {
            throw fail(where + " has resourceScoped false but no actions: name the IAM actions it needs on \"*\"");
        }
        if (!scoped && !resources.isEmpty()) {
            throw fail(where + " has resourceScoped false but lists resources: an unscoped operation names none");
        }
        if (scoped && resources.isEmpty() && classifier.isEmpty()) {
            throw fail(where + " is resourceScoped but lists no resources and no classifier that finds them");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        JsonNode factsNode = node.get("policyFacts");
        if (factsNode != null && !factsNode.isNull()) {
            requireObject(factsNode, where + " policyFacts");
            for (Map.Entry<String, JsonNode> f : factsNode.properties()) {
                if (!f.getValue().isTextual()) {
                    throw fail(where + " policyFacts." + f.getKey() + " is not an input path");
                }
                String path = f.getValue().asText();
                String first = path.split("[.\\[]", 2)[0];
                if (!input.containsKey(first)) {
                    throw fail(where + " policyFacts." + f.getKey() + " names input member '" + first
                            + "', which the operation does not have");
                }
                facts.put(f.getKey(), path);
            }
        }
        return new CatalogOperation(service, name, new CatalogOperation.HttpBinding(method, uri), risk, scoped, input,
                resources, actions, maskPaths, classifier, facts);
    }

    private Map<String, InputMember> members(JsonNode node, String where) {
        Map<String, InputMember> members = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return members;
        }
        requireObject(node, where);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            members.put(e.getKey(), member(e.getKey(), e.getValue(), where));
        }
        return members;
    }

    private InputMember member(String name, JsonNode node, String where) {
        String here = where + " member " + name;
        if (!NAME.matcher(name).matches()) {
            throw fail(where + " has a malformed member name '" + name + "'");
        }
        requireObject(node, here);
        onlyFields(node, MEMBER_FIELDS, here);
        String typeName = text(node, "type", true, here);
        InputMember.Type type;
        InputMember.Location location;
        try {
            type = InputMember.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(here + " has unknown type '" + typeName + "'");
        }
        String locationName = text(node, "location", false, here);
        try {
            location = locationName.isEmpty() ? InputMember.Location.BODY
                    : InputMember.Location.valueOf(locationName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(here + " has unknown location '" + locationName + "': use uri, querystring, header, payload or body");
        }
        Map<String, InputMember> nested = members(node.get("members"), here + " members");
        if (!nested.isEmpty() && type != InputMember.Type.STRUCTURE && type != InputMember.Type.LIST
                && type != InputMember.Type.MAP) {
            throw fail(here + " declares members but is a " + typeName);
        }
        return new InputMember(name, location, text(node, "wireName", false, here), type,
                bool(node, "required", false, here), nested);
    }

    private ResourceTemplate resource(JsonNode node, Map<String, InputMember> input, String where) {
        requireObject(node, where + " resource");
        onlyFields(node, RESOURCE_FIELDS, where + " resource");
        String arn = text(node, "arn", true, where + " resource");
        String here = where + " resource " + arn;
        ArnTemplate template;
        try {
            template = ArnTemplate.parse(arn);
        } catch (IllegalArgumentException e) {
            throw fail(where + ": " + e.getMessage());
        }
        for (ArnTemplate.Part part : template.parts()) {
            if (part instanceof ArnTemplate.InputPath path) {
                checkPath(path, input, here);
            }
        }
        List<String> actions = actions(node.get("actions"), here + " actions", false);
        if (actions.isEmpty()) {
            throw fail(here + " names no IAM actions");
        }
        return new ResourceTemplate(arn, actions, bool(node, "writes", false, here), bool(node, "required", true, here));
    }

    /** Every step of a template's path must name a member the input declares, of a shape the step fits. */
    private void checkPath(ArnTemplate.InputPath path, Map<String, InputMember> input, String where) {
        Map<String, InputMember> scope = input;
        InputMember current = null;
        for (ArnTemplate.Step step : path.steps()) {
            if (step.eachKey()) {
                if (current == null || current.type() != InputMember.Type.MAP) {
                    throw fail(where + " uses '*' after '" + (current == null ? "" : current.name())
                            + "', which is not a map");
                }
                scope = current.members();
                continue;
            }
            if (scope.isEmpty() && current != null) {
                throw fail(where + " reads '" + step.name() + "' inside '" + current.name()
                        + "', whose members the catalog does not declare");
            }
            current = scope.get(step.name());
            if (current == null) {
                throw fail(where + " names input member '" + step.name() + "', which the operation does not have");
            }
            if (step.eachElement() && current.type() != InputMember.Type.LIST) {
                throw fail(where + " uses '" + step.name() + "[]' but " + step.name() + " is not a list");
            }
            scope = current.members();
        }
    }

    private List<String> actions(JsonNode node, String where, boolean optional) {
        List<String> actions = strings(node, where);
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw fail(where + " has IAM action '" + action
                        + "', which is not concrete: name one service:Operation, no wildcard");
            }
        }
        if (!optional && actions.isEmpty()) {
            throw fail(where + " is empty");
        }
        return actions;
    }

    private List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        requireArray(node, where);
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw fail(where + " holds something that is not a string");
            }
            out.add(n.asText());
        }
        return out;
    }

    private String text(JsonNode node, String field, boolean required, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw fail(where + " has no " + field);
            }
            return "";
        }
        if (!value.isTextual() || (required && value.asText().isEmpty())) {
            throw fail(where + " has a " + field + " that is not a non-empty string");
        }
        return value.asText();
    }

    private boolean bool(JsonNode node, String field, boolean fallback, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw fail(where + " has a " + field + " that is not true or false");
        }
        return value.asBoolean();
    }

    private void onlyFields(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name) && !name.equals("_comment")) {
                throw fail(where + " has unknown field '" + name + "'; known: " + known);
            }
        }
    }

    private void requireObject(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw fail(where + " is not a JSON object");
        }
    }

    private void requireArray(JsonNode node, String where) {
        if (!node.isArray()) {
            throw fail(where + " is not a JSON array");
        }
    }

    private IllegalStateException fail(String message) {
        return new IllegalStateException("Catalog file " + file + ": " + message + ".");
    }
}
