package dev.airlock.core.port;

import dev.airlock.core.model.TableRef;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One question for policy: may the agent take {@code action} on {@code resource}, given
 * {@code context}? Engines translate their requests into these; the policy engine knows no protocol.
 *
 * @param action   the policy action ({@code sql:select}, {@code aws:s3:GetObject})
 * @param resource what the action is taken on
 * @param context  facts policies may test: strings, longs, booleans and collections of strings
 * @param table    the table the check is about, when it is one, so a column rule naming a table
 *                 applies only where the request touches that table
 */
public record PolicyCheck(String action, Resource resource, Map<String, Object> context, Optional<TableRef> table) {
    public PolicyCheck {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
        for (Map.Entry<String, Object> e : context.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Boolean
                    || v instanceof Collection<?>)) {
                throw new IllegalArgumentException("context value " + e.getKey() + " is not a string, number, "
                        + "boolean or collection of strings");
            }
        }
        Objects.requireNonNull(table, "table");
    }

    /**
     * A resource by its policy entity type and id ({@code Table} {@code demo.public.orders},
     * {@code AwsResource} an ARN, {@code Target} {@code demo}).
     */
    public record Resource(String type, String id) {
        public Resource {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
        }
    }
}
