package dev.airlock.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The synthesized CloudFormation template of a stack, for tests elsewhere (the wiring test in
 * integration-tests takes each function's environment from it). No account, no network.
 */
public final class AirlockTemplates {
    private AirlockTemplates() {
    }

    /** The Airlock stack's template as JSON; Resources.*.Properties.Environment.Variables hold each function's env. */
    public static JsonNode synthesize(AirlockStackProps props) {
        App app = new App();
        AirlockStack stack = new AirlockStack(app, "Airlock", props);
        return new ObjectMapper().valueToTree(Template.fromStack(stack).toJSON());
    }
}
