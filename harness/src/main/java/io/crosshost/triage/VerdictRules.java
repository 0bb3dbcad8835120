package io.crosshost.triage;

import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides a verdict from evidence, most telling first: a rerun that passes as is means nothing stable; a
 * variation that flips the result names its component; without a flip, a scenario that fails everywhere
 * blames the scenario or image, and otherwise the facts that separate failing from passing cells decide.
 */
final class VerdictRules {

    private VerdictRules() {
    }

    static Verdict decide(CellResult failing, ImageFacts imageFacts, List<CellResult> scenarioCells,
                          List<FactDifference> ranking, List<VariationResult> reruns) {
        List<String> evidence = new ArrayList<>();
        reruns.forEach(r -> evidence.add("rerun " + r.variation() + ": " + r.status()));
        List<String> passingHostsSameImage = scenarioCells.stream()
                .filter(c -> c.image().equals(failing.image()) && !c.host().equals(failing.host()) && passed(c))
                .map(CellResult::host).distinct().toList();
        List<String> passingImagesSameHost = scenarioCells.stream()
                .filter(c -> c.host().equals(failing.host()) && !c.image().equals(failing.image()) && passed(c))
                .map(CellResult::image).distinct().toList();
        if (!passingHostsSameImage.isEmpty()) {
            evidence.add("the same image passes on " + String.join(", ", passingHostsSameImage));
        }
        if (!passingImagesSameHost.isEmpty()) {
            evidence.add("other images pass on " + failing.host() + ": " + String.join(", ", passingImagesSameHost));
        }
        ranking.stream().limit(5).forEach(f -> evidence.add(String.format("fact %s: %s here, %s where it passes (separation %.2f)",
                f.fact(), f.failingValue(), String.join(" / ", f.passingValues()), f.separation())));

        Optional<VariationResult> asIs = reruns.stream().filter(r -> r.variation().equals(Variation.AS_IS.name())).findFirst();
        if (asIs.isPresent() && asIs.get().passed()) {
            return new Verdict(Component.NOT_REPRODUCIBLE, "passed when run again as is: flaky, or fixed since the run", evidence);
        }
        Optional<VariationResult> flip = reruns.stream()
                .filter(r -> r.passed() && !r.variation().equals(Variation.AS_IS.name())).findFirst();
        if (flip.isPresent()) {
            return new Verdict(flip.get().component(), flipSummary(failing, imageFacts, flip.get(), passingHostsSameImage, ranking), evidence);
        }
        boolean failsEverywhere = scenarioCells.stream().noneMatch(VerdictRules::passed);
        if (failsEverywhere) {
            return new Verdict(Component.SCENARIO_OR_IMAGE, "fails on every host and every image of the run and no variation "
                    + "makes it pass: the scenario or the images are at fault, not a host", evidence);
        }
        Optional<FactDifference> top = ranking.stream().filter(f -> f.separation() > 0).findFirst();
        if (!passingHostsSameImage.isEmpty() && top.isPresent() && isHostFact(top.get().fact())) {
            Component component = componentOf(top.get().fact());
            return new Verdict(component,
                    "the same image passes on " + String.join(", ", passingHostsSameImage) + "; the host fact that best separates "
                            + "failing from passing cells is " + describe(top.get())
                            + (component == Component.USER_NAMESPACE ? mappingOf(ranking) : ""), evidence);
        }
        if (!passingImagesSameHost.isEmpty()) {
            String why = top.filter(f -> !isHostFact(f.fact())).map(f -> "; the image fact that best separates them is " + describe(f)).orElse("");
            return new Verdict(Component.IMAGE, "other images pass on " + failing.host() + why, evidence);
        }
        return new Verdict(Component.UNKNOWN, "no variation flips the result and no fact separates failing from passing cells", evidence);
    }

    private static String flipSummary(CellResult failing, ImageFacts image, VariationResult flip, List<String> passingHosts,
                                      List<FactDifference> ranking) {
        StringBuilder s = new StringBuilder("passes with " + flip.variation());
        if (!passingHosts.isEmpty()) {
            s.append(" and on host ").append(String.join(", ", passingHosts));
        }
        String libc = image == null || image.libc() == null ? null
                : image.libc() + (image.libcVersion() != null ? " " + image.libcVersion() : "");
        switch (flip.component()) {
            case SECCOMP -> {
                s.append("; fails only under ").append(failing.host()).append("'s seccomp profile");
                ranking.stream().filter(f -> f.fact().equals("seccomp profile")).findFirst()
                        .ifPresent(f -> s.append(" (").append(f.failingValue()).append(")"));
                s.append(": the host's seccomp profile blocks a syscall this image's C library uses");
                if (libc != null) {
                    s.append(" (").append(libc).append(")");
                }
            }
            case CAPABILITIES -> s.append(": the cell needs a capability it does not have (dropped by the scenario or the host's defaults)");
            case SELINUX -> s.append(": SELinux labelling denies the scenario an access");
            case USER_NAMESPACE -> s.append(": the user-namespace mapping of the host breaks the scenario").append(mappingOf(ranking));
            case OCI_RUNTIME -> {
                s.append(": the OCI runtime, not the engine, makes the difference");
                ranking.stream().filter(f -> f.fact().equals("OCI runtime")).findFirst().ifPresent(f -> s.append(" (")
                        .append(f.failingValue()).append(" here, ").append(String.join(" / ", f.passingValues())).append(" where it passes)"));
            }
            case READ_ONLY_ROOTFS -> s.append(": the scenario writes to the read-only root filesystem");
            case USER -> s.append(": the scenario depends on the user it runs as");
            case PRIVILEGES -> s.append(": something only privileged mode allows (devices, all capabilities, no confinement)");
            default -> { }
        }
        return s.toString();
    }

    private static Component componentOf(String hostFact) {
        return switch (hostFact) {
            case "kernel" -> Component.KERNEL;
            case "seccomp profile" -> Component.SECCOMP;
            case "SELinux" -> Component.SELINUX;
            // A rootless engine's containers are in the user's namespace: its mapping is what they can and cannot do.
            case "user namespaces", "uid mapping", "gid mapping", "rootless" -> Component.USER_NAMESPACE;
            case "OCI runtime" -> Component.OCI_RUNTIME;
            default -> Component.ENGINE;
        };
    }

    private static boolean isHostFact(String fact) {
        return List.of("engine", "OCI runtime", "kernel", "cgroup version", "cgroup manager", "seccomp profile", "SELinux",
                "AppArmor", "rootless", "user namespaces", "uid mapping", "gid mapping", "storage driver").contains(fact);
    }

    /** "; the host maps uids 0-65535 inside: 0-65535 are 165536-231071", from the failing cell's uid mapping fact. */
    private static String mappingOf(List<FactDifference> ranking) {
        return ranking.stream().filter(f -> f.fact().equals("uid mapping")).findFirst()
                .flatMap(f -> UserNamespaceWords.mapping(f.failingValue()))
                .map(m -> "; the host maps " + m + ", so an id above that has no owner on the host").orElse("");
    }

    private static String describe(FactDifference f) {
        return f.fact() + " (" + f.failingValue() + " here, " + f.passingValues().stream().collect(Collectors.joining(" / ")) + " where it passes)";
    }

    private static boolean passed(CellResult c) {
        return c.status() == Status.PASS || c.status() == Status.FLAKY || c.status() == Status.XPASS;
    }
}
