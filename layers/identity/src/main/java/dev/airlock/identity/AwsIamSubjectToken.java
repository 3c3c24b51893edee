package dev.airlock.identity;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subject token of an AWS IAM bootstrap: an {@code sts:GetCallerIdentity} request the agent
 * signed with SigV4 but did not send, as the base64url of
 * {@code {"method": "POST", "url": "https://sts.amazonaws.com/", "headers": {"Authorization": "...", ...},
 * "body": "Action=GetCallerIdentity&Version=2011-06-15"}} (Vault's iam_http_request_method,
 * iam_request_url, iam_request_headers and iam_request_body in one document). A header value is
 * a string, or an array of exactly one string.
 */
public final class AwsIamSubjectToken {
    /** The {@code subject_token_type} that announces it. */
    public static final String TOKEN_TYPE = "urn:airlock:params:aws:token-type:sts-get-caller-identity";
    /** Signed by the agent so that a request signed for another service cannot be replayed here. */
    public static final String SERVER_ID_HEADER = "X-Airlock-Server-ID";
    /** The only request body accepted. */
    public static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    private AwsIamSubjectToken() {
    }

    /** The subject token for a signed request, as an agent sends it. */
    public static String encode(String method, String url, Map<String, String> headers, String body) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("method", method);
        document.put("url", url);
        document.put("headers", new LinkedHashMap<>(headers));
        document.put("body", body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                JSONObjectUtils.toJSONString(document).getBytes(StandardCharsets.UTF_8));
    }
}
