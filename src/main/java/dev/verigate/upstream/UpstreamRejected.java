package dev.verigate.upstream;

import dev.verigate.model.SinchException;
import java.util.Map;

/** Sinch answered with an error body: relayed to the app unchanged (status, errorCode, message, reference). */
public final class UpstreamRejected extends SinchException {

    UpstreamRejected(int status, int errorCode, String message, Map<String, String> headers, String reference) {
        super(status, errorCode, message, headers, reference);
    }
}
