package dev.airlock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * moto_server's request recorder, so a test can prove what reached "AWS", and that nothing did:
 * {@code start()} forgets earlier requests and records from now on, {@code requests()} lists
 * what came since. moto records every request but those to {@code /moto-api/recorder/}; its own
 * API ({@code /moto-api/data.json}, ...) is left out here, so only AWS calls are listed.
 * <p>
 * moto's endpoints: {@code POST /moto-api/recorder/reset-recording} (empties the file),
 * {@code start-recording}, {@code stop-recording}, and {@code GET download-recording} (one JSON
 * object per line: headers, method, url, body, body_encoded when the body is base64). The file
 * is {@code MOTO_RECORDER_FILEPATH}, one per moto process: tests sharing a moto_server must not
 * record at the same time.
 */
public final class MotoRecorder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MotoApi api;

    private MotoRecorder(MotoApi api) {
        this.api = api;
    }

    /** The recorder of the moto_server at this endpoint (a {@link MotoServer}, or ./airlock local's sandbox). */
    public static MotoRecorder of(URI endpoint) {
        return new MotoRecorder(new MotoApi(endpoint));
    }

    public static MotoRecorder of(MotoServer moto) {
        return of(moto.endpoint());
    }

    /** Records from now on; what came before is forgotten. */
    public MotoRecorder start() {
        api.post("/moto-api/recorder/reset-recording");
        api.post("/moto-api/recorder/start-recording");
        return this;
    }

    /** Stops recording; {@link #requests()} still lists what was recorded. */
    public void stop() {
        api.post("/moto-api/recorder/stop-recording");
    }

    /** The AWS requests recorded since {@link #start()}, in order; moto's own API left out. */
    public List<RecordedRequest> requests() {
        List<RecordedRequest> requests = new ArrayList<>();
        for (String line : api.get("/moto-api/recorder/download-recording").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            RecordedRequest request;
            try {
                request = RecordedRequest.of(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("moto's recording holds a line that is not JSON", e);
            }
            if (!URI.create(request.url()).getPath().startsWith("/moto-api/")) {
                requests.add(request);
            }
        }
        return requests;
    }
}
