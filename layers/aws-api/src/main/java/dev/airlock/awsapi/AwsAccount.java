package dev.airlock.awsapi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One AWS account target: where its calls go and the role each call's session is assumed on.
 *
 * @param name      the target's name, as agents name it (and as their credentials' access key id)
 * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}
 * @param region    the one region this target's calls run in
 * @param accountId the 12-digit account id
 * @param roleArn   the role each call's STS session is assumed on
 * @param sender    signs and sends the rebuilt requests
 */
public record AwsAccount(String name, String partition, String region, String accountId, String roleArn,
                         AwsSender sender) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,63}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public AwsAccount {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("AWS target name '" + name + "' must be 2-64 letters, digits, '-' or "
                    + "'_': agents' credentials carry it as their access key id.");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("AWS target '" + name + "': region '" + region
                    + "' is not a region name like us-east-1.");
        }
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("AWS target '" + name + "': the account id must be 12 digits.");
        }
        partition = partition == null || partition.isBlank() ? "aws" : partition;
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(sender, "sender");
    }
}
