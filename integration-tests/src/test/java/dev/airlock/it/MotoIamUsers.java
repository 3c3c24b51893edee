package dev.airlock.it;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM users with access keys in moto_server, made through IAM's query API (signed with moto's
 * own {@code testing} keys), so that an agent can sign requests as that user. moto's
 * GetCallerIdentity answers with the ARN of the user whose key signed the request.
 */
final class MotoIamUsers {
    static final String ACCOUNT = "123456789012";

    /** @param sessionToken null for an IAM user's long-lived keys */
    record User(String arn, String accessKeyId, String secretAccessKey, String sessionToken) {
    }

    private MotoIamUsers() {
    }

    static User create(URI moto, String name) {
        String created = call(moto, "iam", "Action=CreateUser&Version=2010-05-08&UserName=" + encode(name));
        String key = call(moto, "iam", "Action=CreateAccessKey&Version=2010-05-08&UserName=" + encode(name));
        // Keys moto hands out are secrets too: the canary scan looks for them in everything the suite saw.
        Canaries.learn("moto IAM user secret key", element(key, "SecretAccessKey"));
        return new User(element(created, "Arn"), element(key, "AccessKeyId"), element(key, "SecretAccessKey"), null);
    }

    /** A role, and STS session keys for it: GetCallerIdentity then names arn:aws:sts::...:assumed-role/ROLE/SESSION. */
    static User assumeRole(URI moto, String roleName, String sessionName) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
        String role = call(moto, "iam", "Action=CreateRole&Version=2010-05-08&RoleName=" + encode(roleName)
                + "&AssumeRolePolicyDocument=" + encode(trust));
        String session = call(moto, "sts", "Action=AssumeRole&Version=2011-06-15&RoleArn="
                + encode(element(role, "Arn")) + "&RoleSessionName=" + encode(sessionName));
        Canaries.learn("moto STS session secret key", element(session, "SecretAccessKey"));
        Canaries.learn("moto STS session token", element(session, "SessionToken"));
        return new User(element(session, "Arn"), element(session, "AccessKeyId"),
                element(session, "SecretAccessKey"), element(session, "SessionToken"));
    }

    private static String call(URI moto, String service, String body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(moto.resolve("/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("testing", "testing")).request(unsigned)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(moto.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                request.header(name, String.join(",", values));
            }
        });
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto " + service + " " + body + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        if (!matcher.find()) {
            throw new IllegalStateException("moto's answer has no " + name + ": " + xml);
        }
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
