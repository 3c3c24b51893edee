package dev.airlock.awsapi.sigv4;

/**
 * The credential scope a request was signed for. The verifier checks the signature only; the
 * caller checks that the access key names the target and that region and service are the ones
 * the request goes to.
 *
 * @param accessKeyId the target's name, as the agent's credentials carry it. SigV4 does not sign it: the agent
 *                    chose it, so the caller must check that agent may use that target
 * @param date        yyyyMMdd, equal to the date of X-Amz-Date
 * @param region      e.g. us-east-1
 * @param service     the signing name, e.g. s3, dynamodb, ec2
 */
public record SigV4Scope(String accessKeyId, String date, String region, String service) {
    String credentialScope() {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
