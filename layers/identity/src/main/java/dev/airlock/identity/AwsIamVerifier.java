package dev.airlock.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.airlock.core.port.TokenRejectedException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * Checks an AWS IAM bootstrap ({@link AwsIamSubjectToken}) and maps the caller to an agent id.
 * Everything that can be checked locally is, before anything is sent: the method, that the URL
 * is exactly an allowed STS endpoint (the gateway never posts to a host the agent picks), that
 * the body asks for GetCallerIdentity and nothing else, that the SigV4 signature covers the
 * {@code X-Airlock-Server-ID} header and that it names this gateway, and that the request was
 * signed within 15 minutes. Then STS itself checks the signature: the gateway posts the request
 * there, and believes the caller ARN of a 200 answer. Refusal messages never repeat header
 * values: the Authorization header and session tokens stay out of every message.
 */
final class AwsIamVerifier {
    static final Duration MAX_DATE_SKEW = Duration.ofMinutes(15);
    static final int MAX_DOCUMENT_BYTES = 12 * 1024;
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 32;
    static final int MAX_HEADER_VALUE = 4096;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> DOCUMENT_FIELDS = Set.of("method", "url", "headers", "body");
    /** Set by the HTTP client itself, from the URL and the body. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]{16,128})/([0-9]{8})/([a-z0-9-]{1,32})/([a-z0-9-]{1,32})"
                    + "/aws4_request, ?SignedHeaders=([a-z0-9;-]{1,1024}), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'",
            Locale.ROOT);
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z.]{1,64}");

    private final AwsIamTrust trust;
    private final String serverId;
    private final Clock clock;
    private final HttpClient http;
    /** Signatures already traded, until their date is too old anyway: each signed request opens one token. */
    private volatile TradedRequests traded;

    AwsIamVerifier(AwsIamTrust trust, String defaultServerId, Clock clock) {
        // No redirects: the request goes to the allowed endpoint and nowhere else. HTTP/1.1: no h2c upgrade
        // headers added to a signed request.
        this(trust, defaultServerId, clock, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build());
    }

    AwsIamVerifier(AwsIamTrust trust, String defaultServerId, Clock clock, HttpClient http) {
        this.trust = trust;
        this.serverId = trust.serverId() != null ? trust.serverId() : defaultServerId;
        this.clock = clock;
        this.http = http;
        this.traded = new InMemoryTradedRequests(clock);
    }

    void rememberTradesIn(TradedRequests store) {
        this.traded = java.util.Objects.requireNonNull(store);
    }

    String serverId() {
        return serverId;
    }

    private record Signed(String url, Map<String, String> forwarded, String body, String signature,
                          Instant date) {
    }

    /** @return the agent id the caller's ARN maps to */
    String verify(String subjectToken) throws TokenRejectedException {
        Signed request = check(subjectToken);
        String arn = callerArn(request);
        String agent = trust.agentFor(arn);
        if (agent == null) {
            throw new TokenRejectedException("No awsIam rule maps the AWS principal " + arn + " to an agent; an "
                    + "operator adds one to identity.json.");
        }
        boolean first;
        try {
            first = traded.claim(request.signature(), request.date().plus(MAX_DATE_SKEW).plus(MAX_DATE_SKEW));
        } catch (RuntimeException e) {
            // Fail closed: a replay must not get through because the record of trades is out of reach.
            throw new TokenRejectedException("Airlock cannot record this exchange right now; try again shortly.");
        }
        if (!first) {
            throw new TokenRejectedException("This signed GetCallerIdentity request has been traded already; sign "
                    + "a new one for each exchange.");
        }
        return agent;
    }

    /** Every check that needs no network. */
    private Signed check(String subjectToken) throws TokenRejectedException {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(subjectToken.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException("The AWS IAM subject token is not base64url.");
        }
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new TokenRejectedException("The AWS IAM subject token is too long.");
        }
        Map<String, Object> document;
        try {
            document = JSONObjectUtils.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new TokenRejectedException("The AWS IAM subject token is not the base64url of a JSON object with "
                    + "method, url, headers and body.");
        }
        for (String field : document.keySet()) {
            if (!DOCUMENT_FIELDS.contains(field)) {
                throw new TokenRejectedException("The AWS IAM subject token has an unknown field; it has method, url, "
                        + "headers and body.");
            }
        }
        if (!"POST".equals(document.get("method"))) {
            throw new TokenRejectedException("The signed request's method must be POST.");
        }
        if (!(document.get("url") instanceof String url) || !trust.allows(url)) {
            throw new TokenRejectedException("The signed request's url is not an STS endpoint this gateway sends to; "
                    + "sign it for one of " + trust.stsEndpoints() + ".");
        }
        if (!(document.get("body") instanceof String body) || !isGetCallerIdentity(body)) {
            throw new TokenRejectedException("The signed request's body must be exactly " + AwsIamSubjectToken.BODY
                    + ": only sts:GetCallerIdentity is accepted.");
        }
        Map<String, String> headers = headers(document.get("headers"));
        String authorization = headers.get("authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (auth == null || !auth.matches()) {
            throw new TokenRejectedException("The signed request needs an Authorization header with an "
                    + "AWS4-HMAC-SHA256 (SigV4) signature in header form.");
        }
        if (!"sts".equals(auth.group(4))) {
            throw new TokenRejectedException("The signed request must be signed for the sts service.");
        }
        List<String> signedHeaders = List.of(auth.group(5).split(";"));
        String serverIdHeader = AwsIamSubjectToken.SERVER_ID_HEADER.toLowerCase(Locale.ROOT);
        if (!signedHeaders.contains(serverIdHeader) || !headers.containsKey(serverIdHeader)) {
            throw new TokenRejectedException("The signed request must carry and sign the "
                    + AwsIamSubjectToken.SERVER_ID_HEADER + " header (value '" + serverId + "'), so that it cannot "
                    + "be a request signed for another service.");
        }
        if (!serverId.equals(headers.get(serverIdHeader))) {
            throw new TokenRejectedException("The signed request's " + AwsIamSubjectToken.SERVER_ID_HEADER
                    + " names another gateway; sign it with '" + serverId + "'.");
        }
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
            throw new TokenRejectedException("The signed request must sign the host and x-amz-date headers.");
        }
        for (String name : signedHeaders) {
            if (!name.equals("host") && !headers.containsKey(name)) {
                throw new TokenRejectedException("The signed request signs a header it does not carry: " + name + ".");
            }
        }
        String host = headers.get("host");
        if (host != null && !host.equalsIgnoreCase(URI.create(url).getRawAuthority())) {
            throw new TokenRejectedException("The signed request's Host header does not name its url's host.");
        }
        Instant date;
        try {
            date = LocalDateTime.parse(headers.get("x-amz-date"), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new TokenRejectedException("The signed request's X-Amz-Date is not yyyyMMddTHHmmssZ.");
        }
        Instant now = clock.instant();
        if (date.isBefore(now.minus(MAX_DATE_SKEW)) || date.isAfter(now.plus(MAX_DATE_SKEW))) {
            throw new TokenRejectedException("The signed request's X-Amz-Date is more than 15 minutes from the "
                    + "gateway's clock; sign a fresh request.");
        }
        Map<String, String> forwarded = new HashMap<>();
        forwarded.put("Authorization", authorization);
        for (String name : signedHeaders) {
            if (!NOT_FORWARDED.contains(name)) {
                forwarded.put(name, headers.get(name));
            }
        }
        return new Signed(url, forwarded, body, auth.group(6), date);
    }

    private static boolean isGetCallerIdentity(String body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            String key;
            String value;
            try {
                key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (params.put(key, value) != null) {
                return false;
            }
        }
        return params.equals(Map.of("Action", "GetCallerIdentity", "Version", "2011-06-15"));
    }

    /** Lower-cased names; one value each; no control characters. */
    private static Map<String, String> headers(Object value) throws TokenRejectedException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TokenRejectedException("The signed request's headers must be a JSON object of header names to "
                    + "values.");
        }
        if (map.size() > MAX_HEADERS) {
            throw new TokenRejectedException("The signed request has more than " + MAX_HEADERS + " headers.");
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Object raw = entry.getValue();
            if (raw instanceof List<?> list && list.size() == 1) {
                raw = list.getFirst();
            }
            if (!HEADER_NAME.matcher(name).matches() || !(raw instanceof String text)
                    || text.length() > MAX_HEADER_VALUE || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                // The name may be echoed: it is a name, not a credential. The value is not.
                throw new TokenRejectedException("The signed request's header "
                        + (HEADER_NAME.matcher(name).matches() ? "'" + name + "' " : "")
                        + "is not a header name with one printable value of at most " + MAX_HEADER_VALUE
                        + " characters.");
            }
            if (headers.put(name.toLowerCase(Locale.ROOT), text.strip()) != null) {
                throw new TokenRejectedException("The signed request has the header '" + name + "' twice.");
            }
        }
        return headers;
    }

    private String callerArn(Signed request) throws TokenRejectedException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(new URI(request.url())).timeout(REQUEST_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
            request.forwarded().forEach(builder::header);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new TokenRejectedException("The signed request cannot be sent as it is.");
        }
        int status;
        byte[] answer;
        try {
            HttpResponse<InputStream> response = http.send(builder.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (IOException e) {
            throw new TokenRejectedException("The signed request cannot be checked now: STS at " + request.url()
                    + " did not answer.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRejectedException("The signed request cannot be checked now.");
        }
        if (answer.length > MAX_RESPONSE_BYTES) {
            throw new TokenRejectedException("STS answered with more than " + MAX_RESPONSE_BYTES + " bytes.");
        }
        if (status != 200) {
            String code = errorCode(answer);
            throw new TokenRejectedException("STS refused the signed request (HTTP " + status
                    + (code != null ? ", " + code : "") + "): check the credentials, the signing region and the "
                    + "clock.");
        }
        Element result = firstElement(parse(answer), "GetCallerIdentityResult");
        String arn = result == null ? null : text(result, "Arn");
        String account = result == null ? null : text(result, "Account");
        if (arn == null || account == null || text(result, "UserId") == null) {
            throw new TokenRejectedException("STS's answer is not a GetCallerIdentityResponse with Arn, Account and "
                    + "UserId.");
        }
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[4].equals(account)) {
            throw new TokenRejectedException("STS's answer names an ARN outside its account.");
        }
        return arn;
    }

    /** The error code of an STS error answer, if it is a plain word. */
    private static String errorCode(byte[] answer) {
        try {
            Element code = firstElement(parse(answer), "Code");
            String text = code == null ? null : code.getTextContent().strip();
            return text != null && ERROR_CODE.matcher(text).matches() ? text : null;
        } catch (TokenRejectedException e) {
            return null;
        }
    }

    /** No DTDs, no external entities, no XInclude: STS's answers have none, and an impostor's could. */
    static Document parse(byte[] xml) throws TokenRejectedException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new TokenRejectedException("STS's answer is not well-formed XML.");
        }
    }

    private static Element firstElement(Document document, String localName) {
        NodeList nodes = document.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static String text(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        if (nodes.getLength() != 1) {
            return null;
        }
        String text = nodes.item(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
