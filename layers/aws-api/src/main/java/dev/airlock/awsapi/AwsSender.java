package dev.airlock.awsapi;

import dev.airlock.awsapi.wire.RebuiltRequest;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.TargetUnavailableException;

/**
 * Signs a rebuilt request with the call's own credentials and sends it to the account's endpoint:
 * the one place an AWS call leaves the gateway ({@code targets-aws-api} implements it with the SDK
 * v2 SigV4 signer).
 */
public interface AwsSender {

    /**
     * @param signingName the SigV4 service name ({@code s3}, {@code dynamodb})
     * @throws TargetUnavailableException when the endpoint cannot be reached; an AWS error answer is an answer
     */
    AwsAnswer send(RebuiltRequest request, String signingName, String region, TargetCredentials credentials)
            throws TargetUnavailableException;
}
