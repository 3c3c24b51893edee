package dev.airlock.it;

import java.util.List;

/**
 * Dollars per million requests of a {@link RequestProfile}, line by line, at list prices. Only
 * per-request charges: what a deployment costs while idle (KMS keys at $1 a month, the tables'
 * storage, log storage) is left out, and so are free tiers.
 */
final class RequestCost {
    private static final double MILLION = 1_000_000;

    enum Architecture { ARM64, X86_64 }

    /**
     * List prices, on-demand, in one region; every price with where it was read.
     *
     * @param checked when the prices were last read from their pages
     */
    record Prices(String region, String checked,
                  double apiGatewayHttpPerMillion,
                  double lambdaRequestsPerMillion, double lambdaGbSecondArm64, double lambdaGbSecondX86,
                  double dynamoDbWriteUnitsPerMillion, double dynamoDbReadUnitsPerMillion,
                  double stsPerCall,
                  double kmsSymmetricPer10k, double kmsAsymmetricPer10k,
                  double logsIngestionPerGb,
                  double stepFunctionsPerThousandTransitions,
                  double sqsPerMillion,
                  List<String> sources) {

        static final Prices US_EAST_1 = new Prices("us-east-1", "2026-12-03",
                1.00,                       // HTTP API, first 300 million requests a month
                0.20, 0.0000133334, 0.0000166667,
                0.625, 0.125,               // on-demand, since the price cut of 1 November 2024
                0.0,                        // STS is free
                0.03, 0.15,                 // per 10,000 requests; ECC Sign/Verify is the asymmetric price
                0.50,                       // CloudWatch Logs standard ingestion
                0.025,                      // standard workflows, per 1,000 state transitions
                0.40,                       // standard queues, first 100 billion requests a month
                List.of("https://aws.amazon.com/api-gateway/pricing/",
                        "https://aws.amazon.com/lambda/pricing/",
                        "https://aws.amazon.com/dynamodb/pricing/on-demand/",
                        "https://aws.amazon.com/kms/pricing/",
                        "https://aws.amazon.com/cloudwatch/pricing/",
                        "https://aws.amazon.com/step-functions/pricing/",
                        "https://aws.amazon.com/sqs/pricing/",
                        "https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html (no charge)"));

        double lambdaGbSecond(Architecture architecture) {
            return architecture == Architecture.ARM64 ? lambdaGbSecondArm64 : lambdaGbSecondX86;
        }
    }

    /** One line of the bill: what it is, how it was reckoned, and its dollars per million requests. */
    record Line(String item, String basis, double dollarsPerMillion) {
    }

    record Estimate(String kind, List<Line> lines) {
        double dollarsPerMillion() {
            return lines.stream().mapToDouble(Line::dollarsPerMillion).sum();
        }
    }

    private RequestCost() {
    }

    static Estimate perMillion(RequestProfile profile, int memoryMb, Architecture architecture, Prices prices) {
        double gbSeconds = memoryMb / 1024.0 * profile.lambdaBilledMillis() / 1000.0;
        double logGb = profile.logBytes() / (1024.0 * 1024 * 1024);
        return new Estimate(profile.kind(), List.of(
                new Line("API Gateway HTTP API", "1 request (under 512 KB)", prices.apiGatewayHttpPerMillion()),
                new Line("Lambda requests", "1 invocation", prices.lambdaRequestsPerMillion()),
                new Line("Lambda duration", "%.1f ms x %d MB %s = %.5f GB-s".formatted(profile.lambdaBilledMillis(),
                        memoryMb, architecture.name().toLowerCase(java.util.Locale.ROOT), gbSeconds),
                        gbSeconds * prices.lambdaGbSecond(architecture) * MILLION),
                new Line("DynamoDB writes", "%.2f WRU".formatted(profile.writeUnits()),
                        profile.writeUnits() * prices.dynamoDbWriteUnitsPerMillion()),
                new Line("DynamoDB reads", "%.2f RRU".formatted(profile.readUnits()),
                        profile.readUnits() * prices.dynamoDbReadUnitsPerMillion()),
                new Line("STS AssumeRole", "%.3f calls".formatted(profile.stsCalls()),
                        profile.stsCalls() * prices.stsPerCall() * MILLION),
                new Line("KMS", "%.3f symmetric + %.3f asymmetric calls".formatted(profile.kmsSymmetricCalls(),
                        profile.kmsAsymmetricCalls()),
                        (profile.kmsSymmetricCalls() * prices.kmsSymmetricPer10k()
                                + profile.kmsAsymmetricCalls() * prices.kmsAsymmetricPer10k()) * MILLION / 10_000),
                new Line("CloudWatch Logs", "%.0f bytes".formatted(profile.logBytes()),
                        logGb * prices.logsIngestionPerGb() * MILLION),
                new Line("Step Functions", "%.2f state transitions".formatted(profile.stateTransitions()),
                        profile.stateTransitions() * prices.stepFunctionsPerThousandTransitions() * MILLION / 1000),
                new Line("SQS", "%.2f requests".formatted(profile.sqsRequests()),
                        profile.sqsRequests() * prices.sqsPerMillion())));
    }
}
