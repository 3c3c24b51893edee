package dev.airlock.core.engine;

import dev.airlock.core.model.RiskClass;

import java.util.List;
import java.util.Objects;

/**
 * What an engine's classification says about a request, in terms every stage understands: the
 * audit trail records these facts, a held request keeps them frozen, and approvers read them.
 *
 * @param protocol  the engine's protocol ({@code sql}, {@code aws})
 * @param target    the target the request runs on
 * @param kind      what the request does, in the protocol's words ({@code delete}, {@code GetObject})
 * @param action    the policy action it was decided as ({@code sql:delete})
 * @param risk      read, write, destructive or privilege
 * @param resources every resource it touches, fully named ({@code demo.public.orders}, an ARN)
 * @param resourcesRead    the resources it reads
 * @param resourcesWritten the resources it changes
 */
public record RequestFacts(String protocol, String target, String kind, String action, RiskClass risk,
                           List<String> resources, List<String> resourcesRead, List<String> resourcesWritten) {
    public RequestFacts {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(risk, "risk");
        resources = List.copyOf(resources);
        resourcesRead = List.copyOf(resourcesRead);
        resourcesWritten = List.copyOf(resourcesWritten);
    }
}
