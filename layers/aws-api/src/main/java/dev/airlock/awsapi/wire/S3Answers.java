package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** S3 answers as the CLI shows them: what HeadObject says in headers, and the lists S3 sends as XML. */
public final class S3Answers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Answer header to the CLI's field, for HeadObject and GetObject. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("content-type", "ContentType"),
            Map.entry("content-length", "ContentLength"),
            Map.entry("etag", "ETag"),
            Map.entry("last-modified", "LastModified"),
            Map.entry("x-amz-version-id", "VersionId"),
            Map.entry("accept-ranges", "AcceptRanges"),
            Map.entry("content-range", "ContentRange"),
            Map.entry("content-encoding", "ContentEncoding"),
            Map.entry("content-language", "ContentLanguage"),
            Map.entry("content-disposition", "ContentDisposition"),
            Map.entry("cache-control", "CacheControl"),
            Map.entry("expires", "ExpiresString"),
            Map.entry("x-amz-storage-class", "StorageClass"),
            Map.entry("x-amz-server-side-encryption", "ServerSideEncryption"),
            Map.entry("x-amz-delete-marker", "DeleteMarker"),
            Map.entry("x-amz-checksum-crc32", "ChecksumCRC32"),
            Map.entry("x-amz-checksum-crc32c", "ChecksumCRC32C"),
            Map.entry("x-amz-checksum-sha1", "ChecksumSHA1"),
            Map.entry("x-amz-checksum-sha256", "ChecksumSHA256"));
    /** Lists S3 answers carry, per operation (see {@link XmlAnswers}). */
    private static final Map<String, Set<String>> LIST_PATHS = Map.of(
            "ListBuckets", Set.of("Buckets[Bucket]"),
            "ListObjectsV2", Set.of("Contents", "CommonPrefixes"),
            "DeleteObjects", Set.of("Deleted", "Error"));

    private S3Answers() {
    }

    /**
     * HeadObject's answer (and GetObject's, beside its body) from the response headers: the CLI's
     * field names, ContentLength a number, DeleteMarker a boolean, and {@code x-amz-meta-*} as Metadata.
     */
    public static ObjectNode headObjectJson(Map<String, List<String>> headers) {
        Map<String, String> byName = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                byName.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        ObjectNode out = JSON.objectNode();
        byName.forEach((name, value) -> {
            String field = FIELDS.get(name);
            if (field == null) {
                if (name.startsWith("x-amz-meta-") && name.length() > "x-amz-meta-".length()) {
                    ObjectNode metadata = out.has("Metadata") ? (ObjectNode) out.get("Metadata") : out.putObject("Metadata");
                    metadata.put(name.substring("x-amz-meta-".length()), value);
                }
                return;
            }
            if (field.equals("ContentLength") && value.trim().matches("[0-9]{1,18}")) {
                out.put(field, Long.parseLong(value.trim()));
            } else if (field.equals("DeleteMarker")) {
                out.put(field, value.trim().equals("true"));
            } else {
                out.put(field, value);
            }
        });
        return out;
    }

    /** An S3 XML answer ({@code ListObjectsV2}, {@code CopyObject}, {@code DeleteObjects}...) as the CLI shows it. */
    public static ObjectNode answerJson(String operation, byte[] xml) {
        return XmlAnswers.toJson(xml, LIST_PATHS.getOrDefault(operation, Set.of()), XmlAnswers.Naming.AS_SENT);
    }
}
