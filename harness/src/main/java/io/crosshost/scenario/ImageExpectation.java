package io.crosshost.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image's configuration as the host's engine reports it (docker image inspect's Config): checked on every host,
 * since an image built or loaded differently on two hosts can differ. Null or empty: not checked.
 *
 * @param env          variables that must be set, each to this value
 * @param absentEnv    variables that must not be set
 * @param exposedPorts ports that must be exposed: {@code 8080/tcp}, or {@code 8080} for any protocol
 */
public record ImageExpectation(Map<String, ValueExpectation> env, Set<String> absentEnv, Map<String, ValueExpectation> labels,
                               List<String> entrypoint, List<String> cmd, String workdir, String user,
                               List<String> exposedPorts, List<String> notExposedPorts, List<String> volumes,
                               List<String> notVolumes) {

    public static final ImageExpectation NONE = new ImageExpectation(Map.of(), Set.of(), Map.of(), null, null, null, null,
            List.of(), List.of(), List.of(), List.of());

    public ImageExpectation {
        env = Map.copyOf(env);
        absentEnv = Set.copyOf(absentEnv);
        labels = Map.copyOf(labels);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        exposedPorts = List.copyOf(exposedPorts);
        notExposedPorts = List.copyOf(notExposedPorts);
        volumes = List.copyOf(volumes);
        notVolumes = List.copyOf(notVolumes);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** A value that must be equal to {@code equalTo}, or satisfy {@code pattern} (exactly one of the two). */
    public record ValueExpectation(String equalTo, TextPattern pattern) {

        public static ValueExpectation equalTo(String value) {
            return new ValueExpectation(value, null);
        }

        public boolean satisfiedBy(String actual) {
            return pattern != null ? pattern.satisfiedBy(actual) : equalTo.equals(actual);
        }

        public String describe() {
            return pattern != null ? "to match " + pattern.dialect() + " " + pattern.source() : "to be '" + equalTo + "'";
        }
    }
}
