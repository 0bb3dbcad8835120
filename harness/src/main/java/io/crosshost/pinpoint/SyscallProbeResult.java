package io.crosshost.pinpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One run of the syscall probe in one container: each probed call's errno (0 when it was not refused), the calls it
 * must not make and why, and the call at which the probe died when a profile kills instead of answering.
 */
public record SyscallProbeResult(String arch, Map<String, Answer> answers, Map<String, String> notProbed, Optional<String> killedAt) {

    /** The answer to one call; errno 0 means the kernel did not refuse it. */
    public record Answer(int nr, int errno) {
    }

    public SyscallProbeResult {
        answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        notProbed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notProbed));
    }

    public OptionalInt errno(String syscall) {
        Answer answer = answers.get(syscall);
        return answer == null ? OptionalInt.empty() : OptionalInt.of(answer.errno());
    }

    /**
     * The calls answered EPERM or EACCES, with their errno. On its own this mixes the profile's refusals with the
     * kernel's own (a missing capability gives EPERM too): {@link SyscallDenials} compares with an unconfined run.
     */
    public Map<String, Integer> refused() {
        Map<String, Integer> refused = new LinkedHashMap<>();
        answers.forEach((name, answer) -> {
            if (Errno.isRefusal(answer.errno())) {
                refused.put(name, answer.errno());
            }
        });
        return refused;
    }

    public boolean complete() {
        return killedAt.isEmpty();
    }
}
