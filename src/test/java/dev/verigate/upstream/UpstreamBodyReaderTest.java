package dev.verigate.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sinch's answer is read whole, whatever the stream says it holds. */
class UpstreamBodyReaderTest {

    private static final byte[] BODY = "{\"id\":\"1234567890\",\"method\":\"sms\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsABufferedBody() throws IOException {
        assertArrayEquals(BODY, UpstreamBodyReader.read(new ByteArrayInputStream(BODY)));
    }

    @Test
    void readsAnEmptyBody() throws IOException {
        assertArrayEquals(new byte[0], UpstreamBodyReader.read(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void readsTheRestWhenTheStreamUnderReportsWhatItHolds() throws IOException {
        InputStream underReporting = new FilterInputStream(new ByteArrayInputStream(BODY)) {
            @Override
            public int available() {
                return 3;
            }
        };
        assertArrayEquals(BODY, UpstreamBodyReader.read(underReporting));
    }
}
