package dev.airlock.awsapi.catalog;

import java.util.List;
import java.util.Objects;

/**
 * Where a request names resources, as an ARN template over the input, and the IAM actions the
 * call needs on each. {@code {region}}, {@code {account}} and {@code {partition}} come from the
 * target; {@code {Bucket}} is an input member; {@code {Delete.Objects[].Key}} expands to one
 * resource per list element and {@code {RequestItems.*}} to one per map key; a filter after
 * {@code |} rewrites the value ({@code {CopySource|s3-copy-source}}, {@code {QueueUrl|sqs-queue-name}}).
 * A template whose member is absent resolves to nothing; one that is required and absent, or
 * malformed, refuses the call.
 *
 * @param arn      the ARN template
 * @param actions  the IAM actions the call needs on each resolved ARN
 * @param writes   whether the call changes this resource (else it only reads it)
 * @param required whether the call is refused when the template resolves to no resource
 */
public record ResourceTemplate(String arn, List<String> actions, boolean writes, boolean required) {
    public ResourceTemplate {
        Objects.requireNonNull(arn, "arn");
        actions = List.copyOf(actions);
    }
}
