package dev.airlock.awsapi.catalog;

import java.util.List;
import java.util.Objects;

/** The resources a call names, read from its input with the catalog's templates, or why they cannot be. */
public sealed interface ResourceResolution {

    /** Every resource, in template order, each ARN once. */
    record Resolved(List<ResolvedResource> resources) implements ResourceResolution {
        public Resolved {
            resources = List.copyOf(resources);
        }
    }

    /** The call names a resource Airlock cannot read safely, or none where one is needed. */
    record Refused(String reason) implements ResourceResolution {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
