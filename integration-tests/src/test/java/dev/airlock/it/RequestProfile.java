package dev.airlock.it;

import java.util.Map;

/**
 * What serving one request of a kind asks of AWS, on average: the inputs of {@link RequestCost}.
 *
 * @param lambdaBilledMillis mean handler time, rounded up to the millisecond per request as Lambda bills it
 * @param writeUnits         DynamoDB write request units (on-demand)
 * @param readUnits          DynamoDB read request units (on-demand)
 * @param stsCalls           STS AssumeRole calls
 * @param kmsSymmetricCalls  KMS calls priced as symmetric requests (Decrypt, GenerateDataKey, GetPublicKey, ...)
 * @param kmsAsymmetricCalls KMS Sign and Verify with an asymmetric (ECC) key
 * @param logBytes           bytes the function writes to CloudWatch Logs, platform lines included
 * @param stateTransitions   Step Functions (standard) state transitions
 * @param sqsRequests        SQS requests (64 KB chunks)
 */
record RequestProfile(String kind, double lambdaBilledMillis, double writeUnits, double readUnits, double stsCalls,
                      double kmsSymmetricCalls, double kmsAsymmetricCalls, double logBytes, double stateTransitions,
                      double sqsRequests) {

    /** The average request of a mix: each profile weighted by its share (shares need not add up to 1). */
    static RequestProfile mix(String kind, Map<RequestProfile, Double> shares) {
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("a mix needs at least one positive share");
        }
        double millis = 0, writes = 0, reads = 0, sts = 0, kmsSymmetric = 0, kmsAsymmetric = 0, logs = 0,
                transitions = 0, sqs = 0;
        for (Map.Entry<RequestProfile, Double> share : shares.entrySet()) {
            RequestProfile p = share.getKey();
            double w = share.getValue() / total;
            millis += w * p.lambdaBilledMillis;
            writes += w * p.writeUnits;
            reads += w * p.readUnits;
            sts += w * p.stsCalls;
            kmsSymmetric += w * p.kmsSymmetricCalls;
            kmsAsymmetric += w * p.kmsAsymmetricCalls;
            logs += w * p.logBytes;
            transitions += w * p.stateTransitions;
            sqs += w * p.sqsRequests;
        }
        return new RequestProfile(kind, millis, writes, reads, sts, kmsSymmetric, kmsAsymmetric, logs, transitions, sqs);
    }

    /** The same request with what the measurement could not see added: the approval workflow's part. */
    RequestProfile plusWorkflow(double transitions, double sqs, double writes) {
        return new RequestProfile(kind, lambdaBilledMillis, writeUnits + writes, readUnits, stsCalls,
                kmsSymmetricCalls, kmsAsymmetricCalls, logBytes, stateTransitions + transitions, sqsRequests + sqs);
    }
}
