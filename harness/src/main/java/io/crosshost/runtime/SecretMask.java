package io.crosshost.runtime;

import io.crosshost.result.CapturedOutput;
import io.crosshost.result.CellResult;
import io.crosshost.result.StepResult;
import io.crosshost.scenario.RunOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of a scenario's env marked {@code secret: true}, and how they are hidden: every occurrence becomes
 * {@value #MASK}. Output is masked as it streams in ({@link Stream}), before any buffer that outlives the cell
 * holds it; the strings of a finished result (messages, which quote expectations and output, commands,
 * reproducers) are masked again as a whole, so that no report, journal, log line or test framework message
 * gets the value.
 */
final class SecretMask {

    static final String MASK = "********";
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

    static final SecretMask NONE = new SecretMask(List.of());

    /** Longest first, so that a secret containing another is masked whole. */
    private final List<String> secrets;
    private final List<byte[]> secretBytes;

    private SecretMask(List<String> secrets) {
        this.secrets = secrets;
        this.secretBytes = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    static SecretMask of(RunOptions options) {
        return of(options.env(), options.secretEnv());
    }

    static SecretMask of(io.crosshost.container.ContainerSpec spec) {
        return of(spec.env(), spec.secretEnv());
    }

    private static SecretMask of(java.util.Map<String, String> env, Set<String> secretEnv) {
        Set<String> values = new LinkedHashSet<>();
        for (String name : secretEnv) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return sorted.isEmpty() ? NONE : new SecretMask(List.copyOf(sorted));
    }

    boolean isEmpty() {
        return secrets.isEmpty();
    }

    String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** Every string of a result that a report or log shows, masked; the result itself when there is no secret. */
    CellResult apply(CellResult r) {
        if (secrets.isEmpty()) {
            return r;
        }
        List<StepResult> steps = r.steps().stream().map(s -> new StepResult(apply(s.name()), apply(s.command()), s.exitCode(),
                new CapturedOutput(apply(s.stdout().text()), s.stdout().droppedBytes()),
                new CapturedOutput(apply(s.stderr().text()), s.stderr().droppedBytes()),
                s.duration(), s.timedOut(), apply(s.failure()))).toList();
        return new CellResult(r.cellId(), r.scenario(), r.image(), r.host(), r.status(), apply(r.message()), steps,
                r.startedAt(), r.duration(), r.attempts(), r.containerId(), r.imageDigest(), apply(r.reproducer()),
                r.knownFailure(), r.bug(), r.tags());
    }

    /** A masking filter for one output stream. */
    Stream stream() {
        return new Stream();
    }

    /**
     * Masks bytes as they arrive in frames of any size. A frame may end inside a secret, so bytes that could be the
     * start of one are held back until the next frame says whether it is; {@link #finish} decides the rest.
     */
    final class Stream {

        private byte[] pending = new byte[0];

        /** Masks {@code bytes[off..off+len)} into {@code out}, holding back a possible start of a secret. */
        void write(byte[] bytes, int off, int len, ByteArrayOutputStream out) {
            if (secrets.isEmpty()) {
                out.write(bytes, off, len);
                return;
            }
            byte[] buf;
            if (pending.length == 0) {
                buf = Arrays.copyOfRange(bytes, off, off + len);
            } else {
                buf = Arrays.copyOf(pending, pending.length + len);
                System.arraycopy(bytes, off, buf, pending.length, len);
            }
            int held = scan(buf, out, false, false);
            pending = Arrays.copyOfRange(buf, held, buf.length);
        }

        /**
         * The end of the stream. Bytes held back are scanned once more, now knowing nothing follows; where the stream
         * was cut (the cap), what followed is unknown, so a possible start of a secret there is masked.
         */
        void finish(boolean cut, ByteArrayOutputStream out) {
            if (pending.length > 0 && !secrets.isEmpty()) {
                scan(pending, out, true, cut);
            }
            pending = new byte[0];
        }

        /**
         * Writes {@code buf} masked and returns where it stopped: before a possible start of a secret, unless
         * {@code end}. Secrets are tried longest first, and a longer one that may still come wins over a shorter
         * one already there, so that a secret containing another is never half masked.
         */
        private int scan(byte[] buf, ByteArrayOutputStream out, boolean end, boolean cut) {
            int i = 0;
            int plainFrom = 0;
            scan:
            while (i < buf.length) {
                for (byte[] s : secretBytes) {
                    int n = Math.min(s.length, buf.length - i);
                    if (!Arrays.equals(buf, i, i + n, s, 0, n)) {
                        continue;
                    }
                    if (n == s.length) {
                        out.write(buf, plainFrom, i - plainFrom);
                        out.write(MASK_BYTES, 0, MASK_BYTES.length);
                        i += n;
                        plainFrom = i;
                        continue scan;
                    }
                    // The buffer ends inside what may be this secret.
                    if (!end || cut) {
                        out.write(buf, plainFrom, i - plainFrom);
                        if (cut) {
                            out.write(MASK_BYTES, 0, MASK_BYTES.length);
                            return buf.length;
                        }
                        return i;
                    }
                    // The stream ended here, so it was not this secret; a shorter one may still match.
                }
                i++;
            }
            out.write(buf, plainFrom, buf.length - plainFrom);
            return buf.length;
        }
    }
}
