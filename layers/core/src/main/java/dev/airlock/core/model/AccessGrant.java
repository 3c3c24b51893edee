package dev.airlock.core.model;

import java.util.Objects;

/**
 * One permission a request needs on its target, in the target's own terms: an IAM action on one
 * resource ARN ({@code s3:GetObject} on {@code arn:aws:s3:::reports/q3.csv}). A broker that can
 * issue credentials per request allows exactly a request's grants and nothing else.
 *
 * @param action   the target's action name, never a wildcard
 * @param resource the resource it applies to, or {@code "*"} where the target cannot scope the action
 */
public record AccessGrant(String action, String resource) {
    public AccessGrant {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }
}
