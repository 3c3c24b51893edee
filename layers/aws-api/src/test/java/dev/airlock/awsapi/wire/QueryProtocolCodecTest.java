package dev.airlock.awsapi.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.awsapi.catalog.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryProtocolCodecTest {
    private final WireDecoder decoder = WireDecoder.standard(TestCatalog.get(), null);
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ec2-DescribeInstances", "ec2-DescribeInstances-empty", "ec2-StopInstances",
            "ec2-TerminateInstances", "sts-GetCallerIdentity"})
    void decode_whatTheCliSends_readsTheCallAndRebuildsTheSameForm(String name) {
        WireRequest request = Captured.load(name);
        String signingName = name.substring(0, name.indexOf('-'));
        WireDecoding decoding = decoder.decode(request, signingName, "aws-sandbox");
        assertThat(decoding).isInstanceOf(WireDecoding.Decoded.class);
        WireDecoding.Decoded decoded = (WireDecoding.Decoded) decoding;

        RebuiltRequest rebuilt = decoder.encode(decoded.call());
        assertThat(rebuilt.headers()).containsExactly(
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
        assertThat(decoder.decode(Captured.asSent(rebuilt), signingName, "aws-sandbox")).isEqualTo(decoded);
    }

    @Test
    void decode_describeInstances_readsIdsAndFiltersIntoTheCliShape() throws Exception {
        WireDecoding.Decoded d = (WireDecoding.Decoded) decoder.decode(Captured.load("ec2-DescribeInstances"), "ec2",
                "aws-sandbox");
        assertThat(d.call().input()).isEqualTo(json.readTree("""
                {"InstanceIds":["i-0abc","i-0def"],
                 "Filters":[{"Name":"instance-state-name","Values":["running","stopped"]},
                            {"Name":"tag:team","Values":["data"]}]}"""));
    }

    @Test
    void encode_writesTheFormInCanonicalOrder() {
        WireDecoding.Decoded d = (WireDecoding.Decoded) decoder.decode(Captured.load("ec2-DescribeInstances"), "ec2",
                "aws-sandbox");
        assertThat(new String(decoder.encode(d.call()).body(), StandardCharsets.UTF_8)).isEqualTo(
                "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name"
                        + "&Filter.1.Value.1=running&Filter.1.Value.2=stopped&Filter.2.Name=tag%3Ateam"
                        + "&Filter.2.Value.1=data&InstanceId.1=i-0abc&InstanceId.2=i-0def");
    }

    @Test
    void decode_stopInstancesWithDryRun_readsTheBoolean() throws Exception {
        WireDecoding.Decoded d = (WireDecoding.Decoded) decoder.decode(
                form("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-1&DryRun=true"), "ec2", "t");
        assertThat(d.call().input()).isEqualTo(json.readTree("{\"InstanceIds\":[\"i-1\"],\"DryRun\":true}"));
    }

    @Test
    void decode_getWithParametersOnTheQueryString_isRead() {
        WireRequest get = new WireRequest("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15", Map.of(), null);
        assertThat(decoder.decode(get, "sts", "t")).isInstanceOf(WireDecoding.Decoded.class);
    }

    @Test
    void decode_whenAParameterIsDuplicated_refuses() {
        assertThat(refusal(form("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.1=i-2"), "ec2")
                .reason()).contains("'InstanceId.1' is sent more than once");
        assertThat(refusal(form("Action=StopInstances&Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-1"),
                "ec2").reason()).contains("'Action' is sent more than once");
    }

    @Test
    void decode_whenAParameterIsUnknown_refusesNamingIt() {
        WireDecoding.Refused r = refusal(form("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-1&Sneaky=1"),
                "ec2");
        assertThat(r.code()).isEqualTo("ValidationException");
        assertThat(r.reason()).contains("Unknown parameter 'Sneaky'").contains("ec2:StopInstances");
    }

    @Test
    void decode_whenAFilterHasAnUnknownPart_refuses() {
        assertThat(refusal(form("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=a&Filter.1.Op=x"), "ec2")
                .reason()).contains("'Filter.1.Op'");
    }

    @Test
    void decode_whenListElementsSkipNumbers_refuses() {
        assertThat(refusal(form("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.3=i-3"), "ec2")
                .reason()).contains("without gaps");
    }

    @Test
    void decode_whenTheVersionIsWrong_refuses() {
        assertThat(refusal(form("Action=StopInstances&Version=2015-01-01&InstanceId.1=i-1"), "ec2").reason())
                .contains("Version=2016-11-15");
    }

    @Test
    void decode_whenABooleanIsNotTrueOrFalse_refuses() {
        assertThat(refusal(form("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-1&DryRun=yes"), "ec2")
                .reason()).contains("true or false");
    }

    @Test
    void decode_whenTheFormIsMalformed_refuses() {
        assertThat(refusal(form("Action=StopInstances&Version=2016-11-15&InstanceId.1=i-%ZZ"), "ec2").reason())
                .contains("malformed percent escape");
        assertThat(refusal(form("Action=StopInstances&&Version=2016-11-15"), "ec2").reason()).contains("empty");
    }

    @Test
    void decode_whenAnUnknownAmzHeaderIsSent_refuses() {
        WireRequest request = Captured.withHeader(Captured.load("ec2-StopInstances"), "X-Amz-Target", "x.StopInstances");
        assertThat(refusal(request, "ec2").reason()).contains("x-amz-target");
    }

    @Test
    void decode_whenTheOperationIsNeverProxied_refusesAccessDenied() {
        WireDecoding.Refused r = refusal(form("Action=AssumeRole&Version=2011-06-15&RoleArn=x&RoleSessionName=y"),
                "sts");
        assertThat(r.code()).isEqualTo("AccessDenied");
        assertThat(r.reason()).contains("STS credentials");
    }

    @Test
    void decode_iamWriteOfAServiceWithoutCatalog_refusesAccessDenied() {
        WireDecoding.Refused r = refusal(form("Action=AttachRolePolicy&Version=2010-05-08&RoleName=x&PolicyArn=y"),
                "iam");
        assertThat(r.code()).isEqualTo("AccessDenied");
    }

    @Test
    void decode_whenTheOperationIsNotCatalogued_refusesWithHowToAdd() {
        WireDecoding.Refused r = refusal(form("Action=RunInstances&Version=2016-11-15"), "ec2");
        assertThat(r.code()).isEqualTo("UnknownOperation");
        assertThat(r.reason()).contains("ec2:RunInstances").contains("docs/aws.md");
    }

    private WireDecoding.Refused refusal(WireRequest request, String signingName) {
        WireDecoding decoding = decoder.decode(request, signingName, "aws-sandbox");
        assertThat(decoding).isInstanceOf(WireDecoding.Refused.class);
        return (WireDecoding.Refused) decoding;
    }

    private static WireRequest form(String body) {
        return new WireRequest("POST", "/", "", Map.of("Content-Type",
                List.of("application/x-www-form-urlencoded; charset=utf-8"), "X-Amz-Date", List.of("20261202T000000Z")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
