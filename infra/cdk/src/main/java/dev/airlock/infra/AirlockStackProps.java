package dev.airlock.infra;

import software.amazon.awscdk.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What one Airlock deployment is made of, built in code ({@link #builder()}) or read from CDK
 * context by {@link AirlockConfig#fromContext}. Policies and approvers are not here: they are
 * packaged with the functions from {@code policies/} (approvers and their emails live in
 * {@code policies/entities.json}).
 */
public final class AirlockStackProps {
    public static final String DEFAULT_TOKEN_AUDIENCE = "airlock-gateway";
    public static final int DEFAULT_THROTTLE_RATE = 50;
    public static final int DEFAULT_THROTTLE_BURST = 100;

    private final Path repoRoot;
    private final Environment env;
    private final String tokenIssuer;
    private final String tokenAudience;
    private final String identityConfigJson;
    private final String awsTargetsJson;
    private final String rdsDataTargetsJson;
    private final String previousTokenKmsKeyArn;
    private final String pseudonymKeySecretArn;
    private final String domainName;
    private final String certificateArn;
    private final int throttleRate;
    private final int throttleBurst;
    private final int tokenKeyGeneration;
    private final int digestKeyGeneration;
    private final Path gatewayZip;
    private final Path upkeepZip;
    private final Path notifierZip;

    private AirlockStackProps(Builder b) {
        this.repoRoot = b.repoRoot != null ? b.repoRoot : findRepoRoot(Path.of("").toAbsolutePath());
        this.env = b.env;
        this.tokenIssuer = require(b.tokenIssuer, "tokenIssuer (context airlock:tokenIssuer)");
        this.tokenAudience = b.tokenAudience != null ? b.tokenAudience : DEFAULT_TOKEN_AUDIENCE;
        this.identityConfigJson = b.identityConfigJson;
        this.awsTargetsJson = b.awsTargetsJson;
        this.rdsDataTargetsJson = b.rdsDataTargetsJson;
        if (awsTargetsJson == null && rdsDataTargetsJson == null) {
            throw new IllegalArgumentException("The gateway needs at least one target: set awsTargets (context "
                    + "airlock:awsTargets, a path to the JSON of docs/aws.md) or rdsDataTargets (context "
                    + "airlock:rdsDataTargets, a path to the JSON of docs/credentials.md).");
        }
        this.previousTokenKmsKeyArn = b.previousTokenKmsKeyArn;
        this.pseudonymKeySecretArn = b.pseudonymKeySecretArn;
        this.domainName = b.domainName;
        this.certificateArn = b.certificateArn;
        if ((domainName == null) != (certificateArn == null)) {
            throw new IllegalArgumentException("A custom domain needs both domainName and certificateArn (context "
                    + "airlock:domainName and airlock:certificateArn, an ACM certificate in the stack's region).");
        }
        this.throttleRate = positive(b.throttleRate, DEFAULT_THROTTLE_RATE, "throttleRate (context airlock:throttleRate)");
        this.throttleBurst = positive(b.throttleBurst, DEFAULT_THROTTLE_BURST,
                "throttleBurst (context airlock:throttleBurst)");
        this.tokenKeyGeneration = positive(b.tokenKeyGeneration, 1,
                "tokenKeyGeneration (context airlock:tokenKeyGeneration)");
        this.digestKeyGeneration = positive(b.digestKeyGeneration, 1,
                "digestKeyGeneration (context airlock:digestKeyGeneration)");
        this.gatewayZip = b.gatewayZip != null ? b.gatewayZip : repoRoot.resolve("functions/gateway/target/function.zip");
        this.upkeepZip = b.upkeepZip != null ? b.upkeepZip
                : repoRoot.resolve("functions/audit-upkeep/target/function.zip");
        this.notifierZip = b.notifierZip != null ? b.notifierZip
                : repoRoot.resolve("functions/approval-notifier/target/function.zip");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The clone's root: the nearest folder at or above {@code start} that holds infra/approval-workflow.asl.json. */
    public static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(AirlockStack.WORKFLOW_DEFINITION))) {
                return dir;
            }
        }
        throw new IllegalStateException("No " + AirlockStack.WORKFLOW_DEFINITION + " at or above " + start
                + ": run the CDK app from inside an Airlock clone (infra/cdk), or set repoRoot.");
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Set " + what + ": the iss claim of gateway tokens and approval "
                    + "links, such as https://airlock.example.com.");
        }
        return value;
    }

    private static int positive(Integer value, int fallback, String what) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(what + " is " + value + ": give a whole number above 0.");
        }
        return value;
    }

    public Path repoRoot() { return repoRoot; }
    public Optional<Environment> env() { return Optional.ofNullable(env); }
    public String tokenIssuer() { return tokenIssuer; }
    public String tokenAudience() { return tokenAudience; }
    public Optional<String> identityConfigJson() { return Optional.ofNullable(identityConfigJson); }
    public Optional<String> awsTargetsJson() { return Optional.ofNullable(awsTargetsJson); }
    public Optional<String> rdsDataTargetsJson() { return Optional.ofNullable(rdsDataTargetsJson); }
    public Optional<String> previousTokenKmsKeyArn() { return Optional.ofNullable(previousTokenKmsKeyArn); }
    public Optional<String> pseudonymKeySecretArn() { return Optional.ofNullable(pseudonymKeySecretArn); }
    public Optional<String> domainName() { return Optional.ofNullable(domainName); }
    public Optional<String> certificateArn() { return Optional.ofNullable(certificateArn); }
    public int throttleRate() { return throttleRate; }
    public int throttleBurst() { return throttleBurst; }
    public int tokenKeyGeneration() { return tokenKeyGeneration; }
    public int digestKeyGeneration() { return digestKeyGeneration; }
    public Path gatewayZip() { return gatewayZip; }
    public Path upkeepZip() { return upkeepZip; }
    public Path notifierZip() { return notifierZip; }

    @Override
    public String toString() {
        return "AirlockStackProps[tokenIssuer=" + tokenIssuer + ", domainName=" + domainName + "]";
    }

    public static final class Builder {
        private Path repoRoot;
        private Environment env;
        private String tokenIssuer;
        private String tokenAudience;
        private String identityConfigJson;
        private String awsTargetsJson;
        private String rdsDataTargetsJson;
        private String previousTokenKmsKeyArn;
        private String pseudonymKeySecretArn;
        private String domainName;
        private String certificateArn;
        private Integer throttleRate;
        private Integer throttleBurst;
        private Integer tokenKeyGeneration;
        private Integer digestKeyGeneration;
        private Path gatewayZip;
        private Path upkeepZip;
        private Path notifierZip;

        private Builder() {
        }

        /** The clone's root, where infra/ and functions/ are; found from the working folder when unset. */
        public Builder repoRoot(Path repoRoot) { this.repoRoot = repoRoot; return this; }
        /** Account and region; unset, the stack is environment-agnostic (no lookups are made). */
        public Builder env(Environment env) { this.env = env; return this; }
        /** The iss claim of gateway tokens and approval links (required). */
        public Builder tokenIssuer(String tokenIssuer) { this.tokenIssuer = tokenIssuer; return this; }
        /** The aud claim of gateway tokens (default airlock-gateway). */
        public Builder tokenAudience(String tokenAudience) { this.tokenAudience = tokenAudience; return this; }
        /** The JSON of identity.json (docs/identity.md), with "localBootstrap": false. */
        public Builder identityConfigJson(String json) { this.identityConfigJson = json; return this; }
        /** The AWS account targets, JSON as docs/aws.md shows. */
        public Builder awsTargetsJson(String json) { this.awsTargetsJson = json; return this; }
        /** The RDS Data API targets, JSON as docs/credentials.md shows. */
        public Builder rdsDataTargetsJson(String json) { this.rdsDataTargetsJson = json; return this; }
        /** The token key before the last rotation, still trusted for the tokens it signed (docs/deploy.md). */
        public Builder previousTokenKmsKeyArn(String arn) { this.previousTokenKmsKeyArn = arn; return this; }
        /**
         * The Secrets Manager secret holding the pseudonym key ({@code openssl rand -base64 32}); required
         * when the packaged policies mask with pseudonyms (the demo policies do), or the gateway does not start.
         */
        public Builder pseudonymKeySecretArn(String arn) { this.pseudonymKeySecretArn = arn; return this; }
        /** A custom domain for the API; needs {@link #certificateArn}. */
        public Builder domainName(String domainName) { this.domainName = domainName; return this; }
        /** The ACM certificate of {@link #domainName}, in the stack's region. */
        public Builder certificateArn(String certificateArn) { this.certificateArn = certificateArn; return this; }
        /** Steady requests per second the API's default stage lets through (default 50). */
        public Builder throttleRate(Integer rate) { this.throttleRate = rate; return this; }
        /** Requests the API's default stage lets through at once (default 100). */
        public Builder throttleBurst(Integer burst) { this.throttleBurst = burst; return this; }
        /** Raise by one to sign with a new token key (the old one is kept; docs/deploy.md, rotating keys). */
        public Builder tokenKeyGeneration(Integer generation) { this.tokenKeyGeneration = generation; return this; }
        /** Raise by one to sign digests with a new key (the old one is kept to verify old digests). */
        public Builder digestKeyGeneration(Integer generation) { this.digestKeyGeneration = generation; return this; }
        /** The gateway function's zip (default functions/gateway/target/function.zip). */
        public Builder gatewayZip(Path zip) { this.gatewayZip = zip; return this; }
        /** The audit upkeep function's zip (default functions/audit-upkeep/target/function.zip). */
        public Builder upkeepZip(Path zip) { this.upkeepZip = zip; return this; }
        /** The approval notifier function's zip (default functions/approval-notifier/target/function.zip). */
        public Builder notifierZip(Path zip) { this.notifierZip = zip; return this; }

        public AirlockStackProps build() {
            return new AirlockStackProps(this);
        }
    }
}
