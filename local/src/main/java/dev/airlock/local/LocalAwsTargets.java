package dev.airlock.local;

import dev.airlock.aws.support.AwsClients;
import dev.airlock.targets.rdsdata.RdsDataSqlTarget;
import dev.airlock.credentials.aws.StsCredentialBroker;
import dev.airlock.targets.rdsdata.StsTargetCredentialBroker;
import dev.airlock.core.port.CredentialBroker;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RDS Data API targets from {@code targets.json}, with the one Data API client they share
 * and the STS broker that gives each request its session. AWS region, credentials and endpoint
 * come from the SDK's default chain ({@code AWS_REGION}, {@code AWS_PROFILE} or
 * {@code AWS_ACCESS_KEY_ID}..., {@code AWS_ENDPOINT_URL}); nothing AWS is touched when the file
 * names no such target.
 */
final class LocalAwsTargets implements AutoCloseable {
    private final List<RdsDataSqlTarget> targets;
    private final Map<String, CredentialBroker> brokers;
    private final RdsDataClient rdsData;
    private final StsClient sts;

    private LocalAwsTargets(List<RdsDataSqlTarget> targets, Map<String, CredentialBroker> brokers,
                            RdsDataClient rdsData, StsClient sts) {
        this.targets = targets;
        this.brokers = brokers;
        this.rdsData = rdsData;
        this.sts = sts;
    }

    static LocalAwsTargets from(LocalTargetsConfig config) {
        if (config.rdsData().isEmpty()) {
            return new LocalAwsTargets(List.of(), Map.of(), null, null);
        }
        List<String> names = config.rdsData().stream().map(t -> t.name()).toList();
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        RdsDataClient rdsData = null;
        StsClient sts = null;
        try {
            rdsData = AwsClients.configure(RdsDataClient.builder()).credentialsProvider(credentials).build();
            sts = AwsClients.configure(StsClient.builder()).credentialsProvider(credentials).build();
        } catch (SdkClientException e) {
            close(rdsData, sts);
            throw new LocalStartupException(LocalTargetsConfig.FILE_NAME + " names RDS Data API targets " + names
                    + ", which need an AWS region: set AWS_REGION (or a region in your AWS profile) before "
                    + "starting the gateway.", null);
        }
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            close(rdsData, sts);
            throw new LocalStartupException(LocalTargetsConfig.FILE_NAME + " names RDS Data API targets " + names
                    + ", but the gateway finds no AWS credentials of its own to assume their roles with: set "
                    + "AWS_PROFILE (after aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.", null);
        }
        StsTargetCredentialBroker broker = new StsTargetCredentialBroker(new StsCredentialBroker(sts),
                config.rdsData());
        Map<String, CredentialBroker> brokers = new TreeMap<>();
        List<RdsDataSqlTarget> targets = new java.util.ArrayList<>();
        for (var spec : config.rdsData()) {
            targets.add(new RdsDataSqlTarget(spec, rdsData));
            brokers.put(spec.name(), broker);
        }
        return new LocalAwsTargets(List.copyOf(targets), Map.copyOf(brokers), rdsData, sts);
    }

    List<RdsDataSqlTarget> targets() {
        return targets;
    }

    /** The broker for each of these targets, by target name. */
    Map<String, CredentialBroker> brokers() {
        return brokers;
    }

    @Override
    public void close() {
        close(rdsData, sts);
    }

    private static void close(AutoCloseable... clients) {
        for (AutoCloseable client : clients) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception ignored) {
                    // closing at shutdown; nothing to do
                }
            }
        }
    }
}
