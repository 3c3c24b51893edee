package dev.airlock.awsapi.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Operations never proxied whatever the catalog or policy says ({@code catalog/never-proxied.json}):
 * each rule names an operation exactly or by prefix, with the reason the agent is shown.
 */
record NeverProxied(List<Rule> rules) {
    NeverProxied {
        rules = List.copyOf(rules);
    }

    record Rule(String service, String operation, String prefix, String reason) {
        Rule {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
            if ((operation == null) == (prefix == null)) {
                throw new IllegalArgumentException("a never-proxied rule for " + service
                        + " names exactly one of operation and prefix");
            }
        }

        boolean matches(String service, String operation) {
            return this.service.equals(service)
                    && (this.operation != null ? this.operation.equals(operation) : operation.startsWith(prefix));
        }
    }

    Optional<String> reason(String service, String operation) {
        return rules.stream().filter(r -> r.matches(service, operation)).map(Rule::reason).findFirst();
    }
}
