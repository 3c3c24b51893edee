package dev.airlock.awsapi.catalog;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzzes the resolver with any input, checked or not: it returns resources or a refusal
 * (no exception escapes), and no resolved ARN of a scoped operation carries a wildcard, a policy
 * variable or a control character. The normal build replays {@code ResourceResolverFuzzTestInputs/}.
 */
class ResourceResolverFuzzTest {
    private static final AwsCatalog CATALOG = TestCatalog.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<CatalogOperation> OPS = CATALOG.services().stream()
            .flatMap(s -> s.operations().values().stream()).sorted(java.util.Comparator.comparing(
                    CatalogOperation::policyAction)).toList();

    @FuzzTest(maxDuration = "60s")
    void resolve_neverThrowsAndNeverWidens(FuzzedDataProvider data) {
        CatalogOperation op = OPS.get(data.consumeInt(0, OPS.size() - 1));
        JsonNode input;
        try {
            input = JSON.readTree(data.consumeRemainingAsString());
        } catch (Exception e) {
            return;
        }
        if (!(input instanceof ObjectNode object)) {
            return;
        }

        ResourceResolution result = ResourceResolver.resolve(op, object, "aws", "us-east-1", "123456789012");

        assertThat(result).isNotNull();
        if (result instanceof ResourceResolution.Resolved resolved && op.resourceScoped()) {
            for (ResolvedResource r : resolved.resources()) {
                assertThat(r.arn()).doesNotContain("*", "?", "$", "{", "}").doesNotContainPattern("\\p{Cntrl}")
                        .startsWith("arn:aws:");
            }
        }
    }
}
