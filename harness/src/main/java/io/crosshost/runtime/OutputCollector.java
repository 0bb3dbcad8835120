package io.crosshost.runtime;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.crosshost.result.CapturedOutput;

/** Demultiplexes an attached or exec'd stream's stdout and stderr frames into two capped buffers, masking secrets as they come. */
final class OutputCollector extends ResultCallback.Adapter<Frame> {

    private final CappedOutput stdout;
    private final CappedOutput stderr;
    private volatile Throwable error;

    OutputCollector(long capBytes, SecretMask secrets) {
        this.stdout = new CappedOutput(capBytes, secrets);
        this.stderr = new CappedOutput(capBytes, secrets);
    }

    @Override
    public void onNext(Frame frame) {
        switch (frame.getStreamType()) {
            case STDERR -> stderr.append(frame.getPayload());
            default -> stdout.append(frame.getPayload());
        }
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
        super.onError(throwable);
    }

    /** What broke the stream, in the engine's words, or null. */
    String error() {
        return error == null ? null : EngineMessages.of(error);
    }

    CapturedOutput stdout() {
        return stdout.toCaptured();
    }

    CapturedOutput stderr() {
        return stderr.toCaptured();
    }

    /** Closes the stream; it is finished either way. */
    void closeQuietly() {
        try {
            close();
        } catch (Exception ignored) {
            // nothing more will be read
        }
    }
}
