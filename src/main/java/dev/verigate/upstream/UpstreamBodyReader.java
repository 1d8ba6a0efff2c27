package dev.verigate.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads Sinch's answers as bytes sized by what the stream already holds. The client buffers the whole
 * answer before any reader runs, so {@code available()} is the body's length; the built-in reader's
 * {@code readAllBytes} instead allocates 8 KB chunks for a body of a few hundred bytes, on every call.
 */
@Consumes(MediaType.WILDCARD)
final class UpstreamBodyReader implements MessageBodyReader<byte[]> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == byte[].class;
    }

    @Override
    public byte[] readFrom(
            Class<byte[]> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream in)
            throws IOException {
        return read(in);
    }

    /** All of {@code in}: one array of the buffered length, plus whatever a stream that under-reports has left. */
    static byte[] read(InputStream in) throws IOException {
        byte[] buffered = in.readNBytes(Math.max(0, in.available()));
        int next = in.read();
        if (next < 0) {
            return buffered;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(buffered.length + 256);
        all.write(buffered);
        all.write(next);
        in.transferTo(all);
        return all.toByteArray();
    }
}
