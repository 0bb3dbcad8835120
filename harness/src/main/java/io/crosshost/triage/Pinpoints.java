package io.crosshost.triage;

import io.crosshost.matrix.Cell;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which pinpoints a verdict calls for, and the verdict they sharpen: a seccomp verdict asks for the syscall; a
 * capability verdict, or the same image passing on another host, for the capability; another image passing on
 * the same host, for the package. Each runs only where its evidence is, since each costs containers.
 */
final class Pinpoints {

    private Pinpoints() {
    }

    static List<Pinpointed> find(Cell cell, Verdict verdict, List<VariationResult> variations, List<CellResult> scenarioCells,
                                 Map<String, ImageFacts> imageFacts, Reruns reruns, HostSession session, RunContext run,
                                 TriageScope scope) throws InterruptedException {
        List<Pinpointed> found = new ArrayList<>();
        String host = cell.host().name();
        Optional<String> bug = cell.scenario().bugs().stream().findFirst();
        if (verdict.component() == Component.SECCOMP) {
            List<ImageSpec> probeImages = new ArrayList<>(List.of(cell.image()));
            scope.images().stream().filter(i -> !i.name().equals(cell.image().name())).forEach(probeImages::add);
            found.add(SyscallPinpoint.find(reruns, session, run, probeImages, bug, scope.memo()));
        }
        List<String> passingHosts = scenarioCells.stream()
                .filter(c -> c.image().equals(cell.image().name()) && !c.host().equals(host) && passed(c))
                .map(CellResult::host).distinct().toList();
        if (verdict.component() == Component.CAPABILITIES || verdict.component() != Component.SECCOMP && !passingHosts.isEmpty()) {
            Map<String, HostSession> others = new LinkedHashMap<>();
            // Two hosts are enough to find what this one lacks, and each costs a session and a probe.
            passingHosts.stream().limit(2).forEach(h -> scope.otherHost().apply(h).ifPresent(s -> others.put(h, s)));
            found.add(CapabilityPinpoint.find(reruns, session, run, others, scope.memo()));
        }
        String pm = pmOf(imageFacts, cell.image().name(), host);
        Optional<ImageSpec> passingImage = scenarioCells.stream()
                .filter(c -> c.host().equals(host) && !c.image().equals(cell.image().name()) && passed(c))
                .filter(c -> pm != null && pm.equals(pmOf(imageFacts, c.image(), host)))
                .map(c -> scope.images().stream().filter(i -> i.name().equals(c.image())).findFirst())
                .flatMap(Optional::stream).findFirst();
        if (passingImage.isPresent()) {
            found.add(PackagePinpoint.find(reruns, session, run, passingImage.get(), scope.memo()));
        }
        return found;
    }

    /** The verdict with what pinpointing named: the culprits in its summary, and the capability as its component. */
    static Verdict sharpen(Verdict verdict, List<Pinpointed> pinpoints) {
        List<String> evidence = new ArrayList<>(verdict.evidence());
        pinpoints.forEach(p -> evidence.add("pinpoint " + p.kind() + ": " + p.summary()));
        Component component = verdict.component();
        String summary = verdict.summary();
        for (Pinpointed p : pinpoints) {
            if (p.culprits().isEmpty()) {
                continue;
            }
            if (p.kind().equals("capability") && component != Component.CAPABILITIES) {
                component = Component.CAPABILITIES;
                summary = p.summary();
            } else {
                summary = summary + "; " + p.kind() + ": " + String.join(", ", p.culprits());
            }
        }
        return new Verdict(component, summary, evidence);
    }

    private static String pmOf(Map<String, ImageFacts> imageFacts, String image, String host) {
        ImageFacts f = imageFacts.get(image + "@" + host);
        return f == null ? null : Objects.toString(f.packageManager(), null);
    }

    private static boolean passed(CellResult c) {
        return c.status() == Status.PASS || c.status() == Status.FLAKY || c.status() == Status.XPASS;
    }
}
