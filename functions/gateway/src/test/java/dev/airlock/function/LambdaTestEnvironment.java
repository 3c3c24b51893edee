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
    private static DemoDatabase database;

    @Override
    public Map<String, String> start() {
        try {
            signingKey = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        moto = MotoServer.start();
        demo = DemoDatabase.start(null, DB_PASSWORD);
        database = demo;
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

    /** The backend pids of the gateway role's sessions on the demo database, once none of {@code ended} is left. */
    static java.util.Set<Integer> gatewaySessionsWithout(java.util.Set<Integer> ended) throws java.sql.SQLException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        try (java.sql.Connection admin = database.adminConnection();
             java.sql.PreparedStatement query = admin.prepareStatement(
                     "select pid from pg_stat_activity where usename = ?")) {
            query.setString(1, DemoDatabase.GATEWAY_ROLE);
            while (true) {
                java.util.Set<Integer> pids = new java.util.TreeSet<>();
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        pids.add(rows.getInt(1));
                    }
                }
                if (java.util.Collections.disjoint(pids, ended) || System.nanoTime() > deadline) {
                    return pids;
                }
            }
        }
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
