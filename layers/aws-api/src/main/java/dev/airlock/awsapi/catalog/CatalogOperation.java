package dev.airlock.awsapi.catalog;

import dev.airlock.core.model.RiskClass;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation Airlock proxies, as its catalog file states it: reviewed like policy.
 *
 * @param service        the catalog service name ({@code s3})
 * @param name           the operation ({@code GetObject})
 * @param http           the method and request URI for REST protocols ({@code GET /{Bucket}/{Key+}}); POST / otherwise
 * @param risk           read, write, destructive or privilege
 * @param resourceScoped whether IAM can scope the operation's actions to resources; when not, the session
 *                       policy names "*" and Cedar decides on the target
 * @param input          every input member the operation accepts, by name: anything else is refused
 * @param resources      where the request names its resources, each with the IAM actions it needs there
 * @param actions        the IAM actions of an operation that names no resource (resourceScoped false)
 * @param maskPaths      answer fields always masked, as paths into the answer ({@code Parameter.Value})
 * @param classifier     the name of a special reader of the input ({@code partiql}, {@code shell-command}), if any
 * @param policyFacts    input facts handed to policy: context name to input path ({@code keyPrefix -> Key})
 */
public record CatalogOperation(String service, String name, HttpBinding http, RiskClass risk, boolean resourceScoped,
                               Map<String, InputMember> input, List<ResourceTemplate> resources, List<String> actions,
                               List<String> maskPaths, Optional<String> classifier, Map<String, String> policyFacts) {
    public CatalogOperation {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(risk, "risk");
        input = Map.copyOf(input);
        resources = List.copyOf(resources);
        actions = List.copyOf(actions);
        maskPaths = List.copyOf(maskPaths);
        Objects.requireNonNull(classifier, "classifier");
        policyFacts = Map.copyOf(policyFacts);
    }

    /** The Cedar action: {@code aws:<service>:<Operation>}. */
    public String policyAction() {
        return "aws:" + service + ":" + name;
    }

    /** The method and request URI of a REST operation ({@code GET}, {@code /{Bucket}?list-type=2}). */
    public record HttpBinding(String method, String requestUri) {
        public static final HttpBinding POST_ROOT = new HttpBinding("POST", "/");

        public HttpBinding {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(requestUri, "requestUri");
        }
    }
}
