package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.testing.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged gateway {@code function.zip}, running as Lambda runs it, with what it reaches on
 * AWS: the local gateway's demo database (its login in Secrets Manager), its audit tables in
 * DynamoDB, a KMS key that signs the tokens it exchanges (all on moto), a CI job's OIDC issuer,
 * and the local gateway's demo AWS account as its one AWS target (STS is moto).
 */
final class PackagedGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LocalGateway gateway;
    private final MotoServer moto;
    private final TestOidcIssuer ciIssuer;
    private final LambdaRuntimeApi runtimeApi;
    private final Map<String, String> env;
    private PackagedFunction function;
    private long coldStartMillis;

    private PackagedGateway(LocalGateway gateway, MotoServer moto, TestOidcIssuer ciIssuer,
                            LambdaRuntimeApi runtimeApi, Map<String, String> env) {
        this.gateway = gateway;
        this.moto = moto;
        this.ciIssuer = ciIssuer;
        this.runtimeApi = runtimeApi;
        this.env = env;
    }

    /** Starts everything, then the function, and waits for its first answer. */
    static PackagedGateway start(Path dir) throws IOException {
        LocalGateway gateway = LocalGateway.start(dir.resolve(".airlock"));
        MotoServer moto = null;
        TestOidcIssuer ciIssuer = null;
        try {
            moto = MotoServer.start();
            ciIssuer = TestOidcIssuer.start();
        } catch (RuntimeException e) {
            Closing.quietly(ciIssuer, moto, gateway);
            throw e;
        }
        PackagedGateway started = new PackagedGateway(gateway, moto, ciIssuer, new LambdaRuntimeApi(),
                new HashMap<>());
        try {
            started.prepareAws();
            started.startFunction(dir.resolve("task"));
            return started;
        } catch (RuntimeException | IOException e) {
            started.close();
            throw e;
        }
    }

    private void prepareAws() throws IOException {
        JsonNode secrets = JSON.readTree(gateway.dataDir().resolve("secrets.json").toFile());
        try (DynamoDbClient dynamo = dynamo(); SecretsManagerClient secretsManager = SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(testing())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            AirlockTables.DEFAULT.createIfMissing(dynamo);
            secretsManager.createSecret(b -> b.name("airlock/demo")
                    .secretString(secrets.path("targets").path("demo").toString()));
            // The local gateway's key: the same values must get the same pseudonyms on both.
            String pseudonymKey = Files.readString(gateway.dataDir().resolve("keys/pseudonym.key"));
            secretsManager.createSecret(b -> b.name("airlock/pseudonym-key").secretString(pseudonymKey));
        }
        String tokenKmsKey;
        try (KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build()) {
            tokenKmsKey = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
                    .keyMetadata().keyId();
        }
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", Canaries.awsSecretKey());
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AIRLOCK_TOKEN_ISSUER", "airlock-local");
        env.put("AIRLOCK_TOKEN_AUDIENCE", "airlock-gateway");
        env.put("AIRLOCK_TOKEN_JWKS", new JWKSet(SigningKeyFile.load(gateway.dataDir()).toPublicJWK()).toString());
        env.put("AIRLOCK_TARGETS", "demo");
        env.put("AIRLOCK_TARGET_DEMO_JDBC_URL", gateway.runtimeFile().path("targets").path("demo").path("jdbcUrl").asText());
        env.put("AIRLOCK_TARGET_DEMO_SECRET_ID", "airlock/demo");
        env.put("AIRLOCK_PSEUDONYM_KEY_SECRET_ID", "airlock/pseudonym-key");
        // The local gateway's demo AWS account, as the function's one AWS target (STS is this moto).
        JsonNode sandbox = gateway.runtimeFile().path("targets").path("aws-sandbox");
        env.put("AIRLOCK_AWS_TARGETS", """
                {"targets":[{"name":"aws-sandbox","region":"us-east-1","accountId":"%s",
                  "roleArn":"arn:aws:iam::%s:role/airlock-target","endpoint":"%s"}]}"""
                .formatted(sandbox.path("accountId").asText(), sandbox.path("accountId").asText(),
                        sandbox.path("emulatorEndpoint").asText()));
        // Tokens it exchanges are signed by KMS; CI jobs of acme/app on main are reporting-bot.
        env.put("AIRLOCK_TOKEN_KMS_KEY_ID", tokenKmsKey);
        env.put("AIRLOCK_IDENTITY_CONFIG", """
                {"localBootstrap": false, "trustedIssuers": [{"issuer": "%s", "jwksUri": "%s", "audience": "%s",
                  "rules": [{"claims": {"repository": "acme/app", "ref": "refs/heads/main"}, "agent": "reporting-bot"}]}]}
                """.formatted(ciIssuer.issuer(), ciIssuer.jwksUri(), TestOidcIssuer.AUDIENCE));
    }

    private void startFunction(Path taskRoot) {
        long started = System.nanoTime();
        function = PackagedFunction.start(zip(), taskRoot, runtimeApi.address(), env);
        try {
            invoke("GET", "/health", null, null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The packaged function did not answer; its log:\n" + function.log(), e);
        }
        coldStartMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("function.zip: first answer " + coldStartMillis + " ms after the JVM was started");
    }

    static Path zip() {
        return Path.of(System.getProperty("airlock.function.zip"));
    }

    LocalGateway gateway() {
        return gateway;
    }

    MotoServer moto() {
        return moto;
    }

    TestOidcIssuer ciIssuer() {
        return ciIssuer;
    }

    LambdaRuntimeApi runtimeApi() {
        return runtimeApi;
    }

    PackagedFunction function() {
        return function;
    }

    /** The function's environment; a copy, for starting another function beside it. */
    Map<String, String> env() {
        return new HashMap<>(env);
    }

    long coldStartMillis() {
        return coldStartMillis;
    }

    /** A client of the tables the function writes its audit trail to. */
    DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(testing()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    static StaticCredentialsProvider testing() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    /** A request with a JSON body, as API Gateway hands it to the function. */
    HttpApiEvents.Answer invoke(String method, String path, String authorization, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        return HttpApiEvents.invoke(runtimeApi, method, path, headers, body);
    }

    /** RFC 8693 token exchange of a CI job's OIDC token, as the job's step would send it. */
    HttpApiEvents.Answer exchange(String oidcToken) {
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:token-exchange",
                StandardCharsets.UTF_8) + "&subject_token_type=" + URLEncoder.encode(
                "urn:ietf:params:oauth:token-type:id_token", StandardCharsets.UTF_8) + "&subject_token="
                + URLEncoder.encode(oidcToken, StandardCharsets.UTF_8);
        return HttpApiEvents.invoke(runtimeApi, "POST", "/v1/token",
                Map.of("content-type", "application/x-www-form-urlencoded"), form);
    }

    /** A fresh OIDC token of a CI job of acme/app on main, which exchanges for reporting-bot. */
    String mainBranchJobToken() {
        return ciIssuer.sign(ciIssuer.ciClaims("acme/app", "refs/heads/main").build());
    }

    @Override
    public void close() {
        Closing.quietly(function, runtimeApi, moto, gateway, ciIssuer);
    }
}
