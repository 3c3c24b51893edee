package dev.airlock.awsapi.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The curated catalog: every {@code catalog/<service>.json} that {@code catalog/index.json} lists,
 * read from the classpath and checked at load, and the operations never proxied
 * ({@code catalog/never-proxied.json}). An operation that is not here is refused.
 */
public final class AwsCatalog {
    /** Where the catalog lives on the classpath. */
    public static final String ROOT = "catalog";
    /** Where the fix-it for an unknown operation points. */
    public static final String HOW_TO_ADD = "docs/aws.md, \"Adding an operation\"";

    private final Map<String, CatalogService> services;
    private final Map<String, CatalogService> bySigningName;
    private final NeverProxied neverProxied;

    private AwsCatalog(Map<String, CatalogService> services, NeverProxied neverProxied) {
        this.services = Map.copyOf(services);
        Map<String, CatalogService> signing = new LinkedHashMap<>();
        for (CatalogService s : services.values()) {
            CatalogService clash = signing.putIfAbsent(s.signingName(), s);
            if (clash != null) {
                throw new IllegalStateException("Catalog services " + clash.service() + " and " + s.service()
                        + " share the signing name " + s.signingName() + ".");
            }
        }
        this.bySigningName = Map.copyOf(signing);
        this.neverProxied = neverProxied;
    }

    /** The catalog shipped with Airlock; throws, naming the file and operation, when a file is wrong. */
    public static AwsCatalog load() {
        return load(ROOT);
    }

    /** The catalog under {@code root} on the classpath: {@code <root>/index.json} and the files it lists. */
    public static AwsCatalog load(String root) {
        ClassLoader loader = AwsCatalog.class.getClassLoader();
        JsonNode index = CatalogReader.readResource(loader, root + "/index.json");
        JsonNode listed = index.get("services");
        if (listed == null || !listed.isArray()) {
            throw new IllegalStateException("Catalog file " + root + "/index.json has no \"services\" array.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : listed) {
            if (!n.isTextual() || !n.asText().matches("[a-z0-9-]+") || names.contains(n.asText())) {
                throw new IllegalStateException("Catalog file " + root + "/index.json lists '" + n
                        + "': list each service name once, in lower case.");
            }
            names.add(n.asText());
        }
        return load(root, names);
    }

    /**
     * The listed services' files under {@code root}. The never-proxied list is always the shipped
     * {@code catalog/never-proxied.json}: no other catalog can loosen it.
     */
    public static AwsCatalog load(String root, List<String> serviceNames) {
        ClassLoader loader = AwsCatalog.class.getClassLoader();
        Map<String, CatalogService> services = new LinkedHashMap<>();
        for (String name : serviceNames) {
            String file = root + "/" + name + ".json";
            services.put(name, CatalogReader.read(file, name, CatalogReader.readResource(loader, file)));
        }
        return new AwsCatalog(services, neverProxied(loader, ROOT + "/never-proxied.json"));
    }

    private static NeverProxied neverProxied(ClassLoader loader, String file) {
        JsonNode node = CatalogReader.readResource(loader, file);
        JsonNode rules = node.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IllegalStateException("Catalog file " + file + " has no \"rules\" array.");
        }
        List<NeverProxied.Rule> out = new ArrayList<>();
        for (JsonNode r : rules) {
            try {
                out.add(new NeverProxied.Rule(textOrNull(r, "service"), textOrNull(r, "operation"),
                        textOrNull(r, "prefix"), textOrNull(r, "reason")));
            } catch (RuntimeException e) {
                throw new IllegalStateException("Catalog file " + file + " has a malformed rule " + r + ": "
                        + e.getMessage() + ".", e);
            }
        }
        return new NeverProxied(out);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
    }

    public Optional<CatalogService> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The service whose SigV4 credential scope names {@code signingName}. */
    public Optional<CatalogService> bySigningName(String signingName) {
        return Optional.ofNullable(bySigningName.get(signingName));
    }

    public Optional<CatalogOperation> operation(String service, String operation) {
        return service(service).flatMap(s -> s.operation(operation));
    }

    public Collection<CatalogService> services() {
        return services.values();
    }

    /** Why the operation is never proxied, whatever the catalog or policy says; empty when it may be. */
    public Optional<String> neverProxied(String service, String operation) {
        return neverProxied.reason(service, operation);
    }

    /** The one-line fix-it an agent is shown for an operation the catalog does not list. */
    public String howToAdd(String service, String operation) {
        return howToAddText(service, operation);
    }

    /** As {@link #howToAdd}, for code that has no catalog at hand (the codecs). */
    public static String howToAddText(String service, String operation) {
        return "Airlock does not proxy " + service + ":" + operation + " yet: it is not in the catalog. "
                + "To add it, write its entry in catalog/" + service + ".json as " + HOW_TO_ADD + " explains.";
    }
}
