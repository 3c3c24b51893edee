package dev.airlock.audit.aws;

import dev.airlock.audit.AuditDigestSigner;
import dev.airlock.audit.EcKeyDigestSigner;
import dev.airlock.aws.support.Items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Signed digests of the chain heads. Hash chains show a record was changed, but whoever can
 * write the table could drop the newest records of a chain or recompute a whole chain. A
 * digest, signed with the gateway key (which writers of the table do not hold; in AWS it never
 * leaves KMS), fixes each chain's position and hash at a moment, so neither goes unnoticed.
 * Digests are JWS (ES256) stored in the audit table under {@code digest#heads}, sorted by time,
 * each naming the hash of the one before it.
 */
public final class DynamoDbAuditDigests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    static final String FIRST = "none";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbAuditDigests(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Signs the current chain heads unless nothing was appended since the last digest; returns
     * when the new digest was signed.
     */
    public Optional<Instant> sign(AuditDigestSigner signer) {
        Map<String, AuditChains.Head> heads = new TreeMap<>();
        for (String chain : AuditChains.all()) {
            AuditChains.Head head = AuditChains.readHead(dynamo, table, chain);
            if (head.seq() > 0) {
                heads.put(chain, head);
            }
        }
        List<Map<String, AttributeValue>> newest = query(true, 1);
        String previous = FIRST;
        if (newest.isEmpty() && heads.isEmpty()) {
            return Optional.empty();
        }
        if (!newest.isEmpty()) {
            String jws = newest.getFirst().get("jws").s();
            if (headsOf(payload(jws)).equals(heads)) {
                return Optional.empty();
            }
            previous = sha256(jws);
        }
        Instant at = clock.instant();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("at", at.toString());
        payload.put("previous", previous);
        ObjectNode chains = payload.putObject("heads");
        heads.forEach((chain, head) -> chains.putObject(chain).put("seq", head.seq()).put("hash", head.hash()));
        ObjectNode header = JSON.createObjectNode().put("alg", "ES256").put("kid", signer.keyId())
                .put("typ", "airlock-audit-digest");
        String signingInput = B64.encodeToString(bytes(header)) + "." + B64.encodeToString(bytes(payload));
        String jws = signingInput + "." + B64.encodeToString(signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
        dynamo.putItem(b -> b.tableName(table).conditionExpression("attribute_not_exists(requestId)").item(Map.of(
                "requestId", Items.s(AuditChains.DIGEST_PARTITION),
                "phase", Items.s(DynamoDbAuditLog.timeKey(at)),
                "at", Items.s(at.toString()),
                "keyId", Items.s(signer.keyId()),
                "jws", Items.s(jws))));
        return Optional.of(at);
    }

    /** What checking the digests found. */
    record Check(int digests, List<String> problems) {
    }

    /**
     * Checks every digest's signature with {@code keys} (by key id), that each follows the one
     * before it, and that every chain still has, at each signed position, the signed hash.
     * {@code linkHashes} is each chain's hash by position, as the verifier read them.
     */
    Check check(Map<String, PublicKey> keys, Map<String, Map<Long, String>> linkHashes) {
        List<String> problems = new ArrayList<>();
        List<Map<String, AttributeValue>> digests = query(false, Integer.MAX_VALUE);
        String previous = FIRST;
        for (Map<String, AttributeValue> item : digests) {
            String name = "digest " + item.get("phase").s();
            String jws = item.containsKey("jws") ? item.get("jws").s() : "";
            JsonNode payload;
            try {
                payload = payload(jws);
            } catch (RuntimeException e) {
                problems.add(name + " is not a readable signed digest: it was edited");
                continue;
            }
            String signature = signatureProblem(jws, keys);
            if (signature != null) {
                problems.add(name + " " + signature);
            }
            if (!previous.equals(payload.path("previous").asText())) {
                problems.add(name + " does not follow the digest before it: a digest was deleted or inserted");
            }
            previous = sha256(jws);
            headsOf(payload).forEach((chain, head) -> {
                String now = linkHashes.getOrDefault(chain, Map.of()).get(head.seq());
                if (now == null) {
                    problems.add("chain " + chain + " no longer reaches #" + head.seq() + ", which " + name
                            + " signed: records at the end of the chain were deleted");
                } else if (!now.equals(head.hash())) {
                    problems.add("chain " + chain + " #" + head.seq() + " is not what " + name
                            + " signed: the chain was rewritten");
                }
            });
        }
        return new Check(digests.size(), problems);
    }

    private static String signatureProblem(String jws, Map<String, PublicKey> keys) {
        String[] parts = jws.split("\\.", -1);
        try {
            JsonNode header = JSON.readTree(B64_DECODE.decode(parts[0]));
            String kid = header.path("kid").asText();
            PublicKey key = keys.get(kid);
            if (!"ES256".equals(header.path("alg").asText())) {
                return "is not signed with ES256: it was forged";
            }
            if (key == null) {
                return "is signed by key " + kid + ", which is not among the gateway's public keys given to verify";
            }
            Signature verifier = Signature.getInstance(EcKeyDigestSigner.ALGORITHM);
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(B64_DECODE.decode(parts[2])) ? null
                    : "has a signature that does not verify: it was edited or forged";
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return "has a signature that does not verify: it was edited or forged";
        }
    }

    private List<Map<String, AttributeValue>> query(boolean newestFirst, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("requestId = :digests")
                    .expressionAttributeValues(Map.of(":digests", Items.s(AuditChains.DIGEST_PARTITION)))
                    .scanIndexForward(!newestFirst).limit(Math.min(limit, 1000)).exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && items.size() < limit);
        return items;
    }

    private static JsonNode payload(String jws) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        try {
            return JSON.readTree(B64_DECODE.decode(parts[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable digest payload", e);
        }
    }

    private static Map<String, AuditChains.Head> headsOf(JsonNode payload) {
        Map<String, AuditChains.Head> heads = new TreeMap<>();
        payload.path("heads").properties().forEach(e -> heads.put(e.getKey(),
                new AuditChains.Head(e.getValue().path("seq").asLong(), e.getValue().path("hash").asText())));
        return heads;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
