package dev.airlock.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AirlockConfigTest {

    private static App app(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).build());
    }

    @Test
    void noIssuer_namesTheContextKeyToSet() {
        assertThatThrownBy(() -> AirlockConfig.fromContext(app(Map.of())))
                .hasMessageContaining("airlock:tokenIssuer");
    }

    @Test
    void noTargets_namesBothTargetKeys() {
        assertThatThrownBy(() -> AirlockConfig.fromContext(app(Map.of("airlock:tokenIssuer", "https://a.example"))))
                .hasMessageContaining("airlock:awsTargets").hasMessageContaining("airlock:rdsDataTargets");
    }

    @Test
    void anUnreadableFile_namesItsKeyAndPath() {
        assertThatThrownBy(() -> AirlockConfig.fromContext(app(Map.of("airlock:tokenIssuer", "https://a.example",
                "airlock:awsTargets", "/nowhere/targets.json"))))
                .hasMessageContaining("airlock:awsTargets").hasMessageContaining("/nowhere/targets.json");
    }

    @Test
    void aThrottleThatIsNotANumber_namesItsKey() throws Exception {
        Path targets = Files.createTempFile("targets", ".json");
        Files.writeString(targets, TestDeployments.AWS_TARGETS);
        assertThatThrownBy(() -> AirlockConfig.fromContext(app(Map.of("airlock:tokenIssuer", "https://a.example",
                "airlock:awsTargets", targets.toString(), "airlock:throttleRate", "fast"))))
                .hasMessageContaining("airlock:throttleRate");
    }

    @Test
    void everyKey_reachesTheProps() throws Exception {
        Path targets = Files.createTempFile("targets", ".json");
        Files.writeString(targets, TestDeployments.AWS_TARGETS);
        Path identity = Files.createTempFile("identity", ".json");
        Files.writeString(identity, TestDeployments.IDENTITY);
        Map<String, Object> context = new HashMap<>(Map.of("airlock:tokenIssuer", "https://a.example",
                "airlock:awsTargets", targets.toString(), "airlock:identityConfig", identity.toString(),
                "airlock:domainName", "airlock.example.com",
                "airlock:certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
                "airlock:throttleRate", "20", "airlock:throttleBurst", 30));
        AirlockStackProps props = AirlockConfig.fromContext(app(context));
        assertThat(props.tokenIssuer()).isEqualTo("https://a.example");
        assertThat(props.awsTargetsJson()).contains(TestDeployments.AWS_TARGETS);
        assertThat(props.identityConfigJson()).contains(TestDeployments.IDENTITY);
        assertThat(props.domainName()).contains("airlock.example.com");
        assertThat(props.throttleRate()).isEqualTo(20);
        assertThat(props.throttleBurst()).isEqualTo(30);
    }
}
