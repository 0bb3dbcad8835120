package io.crosshost.runtime;

import io.crosshost.matrix.Cell;
import io.crosshost.scenario.RunOptions;
import io.crosshost.scenario.Step;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-line {@code docker -H ... run ...} that re-runs a cell by hand; for a Podman host,
 * {@code podman --remote --url ... run ...}, because {@code docker run --rm} against Podman 4.3's API always
 * exits 0 (containers/podman#18889) and would hide the very failure it is meant to show. Secret env values are masked.
 */
public final class Reproducer {

    /** Where a reproducer sends its command: the host's endpoint, its TLS certificates, and whether it is Podman. */
    public record Target(String endpoint, Path tlsCertDir, boolean podman) {
    }

    private Reproducer() {
    }

    /** A docker-client reproducer for a host's resolved endpoint ({@code unix:///...} or {@code tcp://...}). */
    public static String of(Cell cell, String endpoint, Path tlsCertDir) {
        return of(cell, new Target(endpoint, tlsCertDir, false));
    }

    public static String of(Cell cell, Target target) {
        RunOptions o = cell.scenario().options();
        List<String> words = new ArrayList<>();
        if (target.podman() && target.tlsCertDir() == null) {
            words.addAll(List.of("podman", "--remote", "--url", target.endpoint()));
        } else {
            words.add("docker");
            Path tls = target.tlsCertDir();
            if (tls != null) {
                words.addAll(List.of("--tlsverify", "--tlscacert=" + tls.resolve("ca.pem"),
                        "--tlscert=" + tls.resolve("cert.pem"), "--tlskey=" + tls.resolve("key.pem")));
            }
            words.addAll(List.of("-H", target.endpoint()));
        }
        // 'disabled' (and the matrix default) is the CLI's none: the CLI has no flag for the API's NetworkDisabled,
        // which differs from none only in the engine-written /etc/hosts and /etc/resolv.conf.
        String network = o.network() == null || io.crosshost.matrix.Defaults.NETWORK_DISABLED.equals(o.network())
                ? io.crosshost.matrix.Defaults.NETWORK_NONE : o.network();
        words.addAll(List.of("run", "--rm", "--network", network));
        if (o.user() != null) {
            words.addAll(List.of("--user", o.user()));
        }
        if (o.workdir() != null) {
            words.addAll(List.of("--workdir", o.workdir()));
        }
        for (Map.Entry<String, String> e : new TreeMap<>(o.env()).entrySet()) {
            String value = o.secretEnv().contains(e.getKey()) ? SecretMask.MASK : e.getValue();
            words.addAll(List.of("-e", e.getKey() + "=" + value));
        }
        o.capAdd().forEach(c -> words.addAll(List.of("--cap-add", c)));
        o.capDrop().forEach(c -> words.addAll(List.of("--cap-drop", c)));
        o.securityOpt().forEach(s -> words.addAll(List.of("--security-opt", s)));
        if (o.readOnly()) {
            words.add("--read-only");
        }
        if (o.privileged()) {
            words.add("--privileged");
        }
        words.add(cell.image().reference());
        List<Step> steps = cell.scenario().steps();
        if (steps.size() == 1) {
            words.addAll(steps.get(0).command().toArgv());
        } else {
            // Steps share one container, so one shell running them in order reproduces the cell.
            words.addAll(List.of("sh", "-c", String.join(" ; ", steps.stream()
                    .map(s -> s.command().shell() != null ? s.command().shell() : ShellQuote.join(s.command().argv()))
                    .toList())));
        }
        // Word by word, before quoting: a secret written into the command itself is masked too, whatever quoting does to it.
        SecretMask mask = SecretMask.of(o);
        return ShellQuote.join(words.stream().map(mask::apply).toList());
    }
}
