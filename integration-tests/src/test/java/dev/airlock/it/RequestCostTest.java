package dev.airlock.it;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RequestCostTest {
    private static final RequestCost.Prices PRICES = RequestCost.Prices.US_EAST_1;
    /** Exactly 1 GiB of logs per million requests. */
    private static final double GIB_PER_MILLION = 1024.0 * 1024 * 1024 / 1_000_000;

    private static RequestProfile select() {
        return new RequestProfile("select", 100, 4, 1, 0, 0, 0, GIB_PER_MILLION, 0, 0);
    }

    private static double line(RequestCost.Estimate estimate, String item) {
        return estimate.lines().stream().filter(l -> l.item().equals(item)).findFirst().orElseThrow()
                .dollarsPerMillion();
    }

    @Test
    void perMillion_whenAnAuditedSelectRunsOnArm64_addsUpEveryLine() {
        RequestCost.Estimate estimate = RequestCost.perMillion(select(), 1024, RequestCost.Architecture.ARM64, PRICES);

        // 1 + 0.20 + (1 GB x 0.1 s x 0.0000133334 x 1e6) + 4 x 0.625 + 1 x 0.125 + 1 GiB x 0.50
        assertThat(line(estimate, "API Gateway HTTP API")).isEqualTo(1.00);
        assertThat(line(estimate, "Lambda requests")).isEqualTo(0.20);
        assertThat(line(estimate, "Lambda duration")).isCloseTo(1.33334, within(1e-9));
        assertThat(line(estimate, "DynamoDB writes")).isEqualTo(2.50);
        assertThat(line(estimate, "DynamoDB reads")).isEqualTo(0.125);
        assertThat(line(estimate, "CloudWatch Logs")).isCloseTo(0.50, within(1e-9));
        assertThat(estimate.dollarsPerMillion()).isCloseTo(5.65834, within(1e-9));
    }

    @Test
    void perMillion_onX86WithHalfTheMemory_billsDurationAtTheX86Price() {
        RequestCost.Estimate estimate = RequestCost.perMillion(select(), 512, RequestCost.Architecture.X86_64, PRICES);

        // 0.5 GB x 0.1 s x 0.0000166667 x 1e6
        assertThat(line(estimate, "Lambda duration")).isCloseTo(0.833335, within(1e-9));
    }

    @Test
    void perMillion_whenEachRequestSignsWithAnEccKey_paysTheAsymmetricKmsPrice() {
        RequestProfile exchange = new RequestProfile("exchange", 0, 0, 0, 1, 2, 1, 0, 0, 0);

        RequestCost.Estimate estimate = RequestCost.perMillion(exchange, 1024, RequestCost.Architecture.ARM64, PRICES);

        // 1e6 x (2 x 0.03 + 1 x 0.15) / 10,000; STS is free
        assertThat(line(estimate, "KMS")).isCloseTo(21.00, within(1e-9));
        assertThat(line(estimate, "STS AssumeRole")).isZero();
    }

    @Test
    void perMillion_ofAHeldRequestWithItsWorkflow_addsStateTransitionsAndQueueRequests() {
        RequestProfile held = new RequestProfile("held", 0, 0, 0, 0, 0, 0, 0, 0, 0).plusWorkflow(3, 3, 1);

        RequestCost.Estimate estimate = RequestCost.perMillion(held, 1024, RequestCost.Architecture.ARM64, PRICES);

        // 3 x 0.025 / 1,000 x 1e6; 3 x 0.40; 1 x 0.625
        assertThat(line(estimate, "Step Functions")).isCloseTo(75.00, within(1e-9));
        assertThat(line(estimate, "SQS")).isCloseTo(1.20, within(1e-9));
        assertThat(line(estimate, "DynamoDB writes")).isEqualTo(0.625);
    }

    @Test
    void mix_weighsEachProfileByItsShare_evenWhenSharesDoNotAddUpToOne() {
        Map<RequestProfile, Double> shares = new LinkedHashMap<>();
        shares.put(new RequestProfile("a", 10, 4, 0, 0, 0, 0, 100, 0, 0), 3.0);
        shares.put(new RequestProfile("b", 50, 0, 2, 0, 0, 1, 500, 0, 0), 1.0);

        RequestProfile mix = RequestProfile.mix("mix", shares);

        assertThat(mix.lambdaBilledMillis()).isEqualTo(20.0);
        assertThat(mix.writeUnits()).isEqualTo(3.0);
        assertThat(mix.readUnits()).isEqualTo(0.5);
        assertThat(mix.kmsAsymmetricCalls()).isEqualTo(0.25);
        assertThat(mix.logBytes()).isEqualTo(200.0);
    }
}
