package dev.airlock.local;

import dev.airlock.aws.support.AwsClients;
import dev.airlock.awsapi.AwsAccount;
import dev.airlock.awsapi.engine.AwsEngine;
import dev.airlock.core.targets.Target;
import dev.airlock.credentials.aws.StsCredentialBroker;
import dev.airlock.targets.awsapi.SigV4AwsSender;
import dev.airlock.targets.awsapi.StsCallCredentialBroker;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS account targets of the local gateway: the demo account {@code aws-sandbox} on
 * moto_server when it is installed. Each call is signed with its own STS session, assumed on the
 * sandbox's role with a policy that allows exactly that call.
 */
final class LocalAwsApiTargets implements AutoCloseable {
    static final String SANDBOX_TARGET = "aws-sandbox";

    private final Optional<AwsSandbox> sandbox;
    private final List<AwsAccount> accounts;
    private final Optional<StsCallCredentialBroker> broker;
    private final List<AutoCloseable> resources;

    private LocalAwsApiTargets(Optional<AwsSandbox> sandbox, List<AwsAccount> accounts,
                               Optional<StsCallCredentialBroker> broker, List<AutoCloseable> resources) {
        this.sandbox = sandbox;
        this.accounts = accounts;
        this.broker = broker;
        this.resources = resources;
    }

    static LocalAwsApiTargets start(Optional<AwsSandbox> sandbox) {
        if (sandbox.isEmpty()) {
            return new LocalAwsApiTargets(Optional.empty(), List.of(), Optional.empty(), List.of());
        }
        AwsSandbox account = sandbox.get();
        // moto accepts any credentials as the gateway's own, the ones that assume the target role.
        StsClient sts = AwsClients.emulator(StsClient.builder(), account.endpoint());
        SigV4AwsSender sender = new SigV4AwsSender(Optional.of(account.endpoint()), UrlConnectionHttpClient.create(),
                SigV4AwsSender.DEFAULT_MAX_ANSWER_BYTES);
        AwsAccount target = new AwsAccount(SANDBOX_TARGET, "aws", account.region(), account.account(),
                account.roleArn(), sender);
        StsCallCredentialBroker broker = new StsCallCredentialBroker(new StsCredentialBroker(sts),
                Map.of(SANDBOX_TARGET, account.roleArn()));
        return new LocalAwsApiTargets(sandbox, List.of(target), Optional.of(broker), List.of(sender, sts, account));
    }

    List<Target<AwsAccount>> targets(AwsEngine engine) {
        return accounts.stream().map(account -> new Target<>(account.name(), engine, account, broker.orElseThrow()))
                .toList();
    }

    Optional<AwsSandbox> sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing at shutdown; nothing to do
            }
        }
    }

}
