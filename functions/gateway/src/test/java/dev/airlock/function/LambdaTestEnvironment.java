package dev.airlock.function;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.airlock.aws.support.AirlockTables;
import dev.airlock.embedded.DemoDatabase;
import dev.airlock.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * What the function meets in AWS, on this machine: moto_server for DynamoDB and Secrets
 * Manager, an embedded PostgreSQL as the demo database, and a signing key for tokens.
 */
public class LambdaTestEnvironment implements QuarkusTestResourceLifecycleManager {
    static final String ISSUER = "airlock-test";
    static final String DB_PASSWORD = "canary-lambda-db-password";
    static ECKey signingKey;
    static MotoServer moto;
    private DemoDatabase demo;

    @Override
    public Map<String, String> start() {
        try {
            signingKey = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        moto = MotoServer.start();
        demo = DemoDatabase.start(null, DB_PASSWORD);
        // The SDK's default chain reads these, as it reads AWS_ENDPOINT_URL and friends in Lambda.
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try (DynamoDbClient dynamo = dynamo(); SecretsManagerClient secrets = SecretsManagerClient.builder()
                .endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            AirlockTables.DEFAULT.createIfMissing(dynamo);
            secrets.createSecret(b -> b.name("airlock/demo").secretString("{\"username\":\""
                    + DemoDatabase.GATEWAY_ROLE + "\",\"password\":\"" + DB_PASSWORD + "\"}"));
            // The demo policies pseudonymise phone numbers, so the function needs a key.
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            secrets.createSecret(b -> b.name("airlock/pseudonym-key")
                    .secretString(Base64.getEncoder().encodeToString(key)));
        }
        return Map.of(
                "airlock.token.issuer", ISSUER,
                "airlock.token.jwks", new JWKSet(signingKey.toPublicJWK()).toString(),
                "airlock.targets", "demo",
                "airlock.target.demo.jdbc-url", demo.jdbcUrl(),
                "airlock.target.demo.secret-id", "airlock/demo",
                "airlock.pseudonym-key.secret-id", "airlock/pseudonym-key");
    }

    static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    @Override
    public void stop() {
        if (demo != null) {
            demo.close();
        }
        if (moto != null) {
            moto.close();
        }
        for (String property : new String[]{"aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey"}) {
            System.clearProperty(property);
        }
    }
}
