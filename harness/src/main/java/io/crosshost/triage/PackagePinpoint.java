package io.crosshost.triage;

import io.crosshost.matrix.ImageSpec;
import io.crosshost.pinpoint.Ddmin;
import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageDiff;
import io.crosshost.pinpoint.PackageFiles;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.result.Status;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which package of the failing image F breaks the cell, against an image P that passes on the same host: both
 * images' inventories, their difference, and hybrids (a created container of P into which F's files of a set of
 * packages are copied through the archive API, then started) that ddmin narrows down to the smallest set of F's
 * packages that makes P fail too. F's files of every candidate are exported once; each hybrid takes its subset of
 * that tar, so a ddmin step costs one rerun and no export. The other direction (F with P's versions) confirms it
 * where it can run; a newer library's ABI may keep it from running, and the verdict says so.
 */
final class PackagePinpoint {

    private static final int MAX_TESTS = 30;

    private PackagePinpoint() {
    }

    static final String NO_MANAGER = "this image has none of dpkg, rpm and apk: no package can be named";

    static Pinpointed find(Reruns reruns, HostSession session, RunContext run, ImageSpec passing, ProbeMemo memo)
            throws InterruptedException {
        long t0 = System.nanoTime();
        int rerunsBefore = reruns.count();
        String host = reruns.cell().host().name();
        ImageSpec failing = reruns.cell().image();
        HostProbes inF = new HostProbes(session, host, run, failing.reference(), "packages");
        HostProbes inP = new HostProbes(session, host, run, passing.reference(), "packages");
        ProbeReading<PackageInventory> f = inventory(memo, host, failing, inF);
        ProbeReading<PackageInventory> p = inventory(memo, host, passing, inP);
        if (!(f instanceof ProbeReading.Read<PackageInventory> fr) || !(p instanceof ProbeReading.Read<PackageInventory> pr)) {
            String why = f instanceof ProbeReading.CannotRun<PackageInventory> no ? failing.name() + ": " + no.why()
                    : passing.name() + ": " + ((ProbeReading.CannotRun<PackageInventory>) p).why();
            return Pinpointed.nothing("package", "no package inventory: " + why, 0, probes(inF, inP), seconds(t0));
        }
        PackageInventory fInv = fr.value();
        PackageInventory pInv = pr.value();
        if (fInv.manager() == PackageManager.NONE || pInv.manager() == PackageManager.NONE) {
            String name = fInv.manager() == PackageManager.NONE ? failing.name() : passing.name();
            return Pinpointed.nothing("package", "no package inventory: " + name + ": " + NO_MANAGER, 0, probes(inF, inP), seconds(t0));
        }
        if (fInv.manager() != pInv.manager()) {
            return Pinpointed.nothing("package", failing.name() + " uses " + fInv.manager() + " and " + passing.name() + " "
                    + pInv.manager() + ": a hybrid needs one package manager", 0, probes(inF, inP), seconds(t0));
        }
        PackageManager manager = fInv.manager();
        PackageDiff diff = PackageDiff.between(pInv, fInv);
        List<InstalledPackage> candidates = diff.hybridCandidates();
        if (candidates.isEmpty()) {
            return Pinpointed.nothing("package", "no package of " + failing.name() + " differs from " + passing.name(), 0,
                    probes(inF, inP), seconds(t0));
        }
        List<String> names = candidates.stream().map(InstalledPackage::name).distinct().toList();
        HybridFiles fromF = memo.get("export@" + host + ":" + failing.reference() + ":" + names, () -> HybridFiles.export(inF, manager, names));
        if (fromF == null) {
            return Pinpointed.nothing("package", "could not export " + failing.name() + "'s files of " + names.size() + " packages",
                    0, probes(inF, inP), seconds(t0));
        }
        Ddmin.Result<String> found = Ddmin.<String>withCap(MAX_TESTS).trySinglesFirst(2)
                .minimize(names, subset -> reruns.statusOn(passing, fromF.tarOf(subset)) == Status.FAIL);
        if (found.verdict() != Ddmin.Verdict.MINIMAL && found.verdict() != Ddmin.Verdict.CAP_REACHED) {
            return Pinpointed.nothing("package", found.verdict() == Ddmin.Verdict.FULL_SET_PASSES
                    ? passing.name() + " with " + failing.name() + "'s files of all " + names.size() + " differing packages still passes: "
                    + "the difference is not in the packages' files"
                    : passing.name() + " fails even without any of " + failing.name() + "'s files", reruns.count() - rerunsBefore,
                    probes(inF, inP), seconds(t0));
        }
        List<String> culprits = found.culprits();
        List<String> described = new ArrayList<>();
        for (String name : culprits) {
            String from = pInv.get(name).map(InstalledPackage::version).orElse("(not installed)");
            String to = fInv.get(name).map(InstalledPackage::version).orElse("?");
            described.add(name + " " + from + " -> " + to);
        }
        boolean forward = reruns.statusOn(passing, fromF.tarOf(culprits)) == Status.FAIL;
        List<Pinpointed.Action> actions = new ArrayList<>();
        actions.add(new Pinpointed.Action(passing.name() + " with " + failing.name() + "'s " + String.join(", ", culprits)
                + " fails like " + failing.name(), forward));
        List<String> inPassing = culprits.stream().filter(c -> pInv.get(c).isPresent()).toList();
        if (inPassing.size() == culprits.size()) {
            HybridFiles fromP = HybridFiles.export(inP, manager, inPassing);
            Status back = fromP == null ? Status.ERROR : reruns.statusOn(failing, fromP.tarOf(inPassing));
            actions.add(new Pinpointed.Action(back == Status.PASS
                    ? failing.name() + " with " + passing.name() + "'s " + String.join(", ", inPassing) + " passes"
                    : "the other direction (" + failing.name() + " with " + passing.name() + "'s versions) did not pass (" + back
                    + "): newer packages in " + failing.name() + " may need the newer library's ABI", back == Status.PASS));
        } else {
            actions.add(new Pinpointed.Action("the other direction cannot run: " + passing.name() + " has no "
                    + String.join(", ", culprits.stream().filter(c -> pInv.get(c).isEmpty()).toList()), false));
        }
        actions.add(new Pinpointed.Action("the fix belongs in the image's " + String.join(", ", culprits) + " or in the host that "
                + "refuses what it does (see the verdict's component)", false));
        String summary = String.join(", ", described) + ": " + passing.name() + " with " + failing.name() + "'s "
                + (culprits.size() == 1 ? "version of it" : "versions of them") + " fails on " + host + " (out of " + diff.size()
                + " differing packages, " + found.testsRun() + " ddmin reruns)";
        return new Pinpointed("package", described, summary, actions, reruns.count() - rerunsBefore, probes(inF, inP), seconds(t0),
                null);
    }

    /** One export of F's (or P's) files of some packages, and which file belongs to which package. */
    private record HybridFiles(byte[] tar, Map<String, Set<String>> filesByPackage) {

        static HybridFiles export(HostProbes probes, PackageManager manager, List<String> packages) throws InterruptedException {
            var listing = probes.run(listCommand(manager, packages), List.of(), List.of());
            if (listing.exitCode() != 0) {
                return null;
            }
            Map<String, Set<String>> files = new HashMap<>();
            String current = null;
            StringBuilder chunk = new StringBuilder();
            for (String line : (listing.stdout() + "\n# crosshost-package \n").lines().toList()) {
                if (line.startsWith("# crosshost-package ")) {
                    if (current != null) {
                        Set<String> paths = new HashSet<>();
                        PackageFiles.parse(manager, chunk.toString()).forEach(path -> paths.add(path.replaceFirst("^/+", "")));
                        files.put(current, paths);
                    }
                    current = line.substring("# crosshost-package ".length()).strip();
                    chunk.setLength(0);
                } else {
                    chunk.append(line).append('\n');
                }
            }
            byte[] tar = probes.runForFile(PackageFiles.exportCommand(manager, packages), PackageFiles.EXPORT_FILE);
            return tar == null ? null : new HybridFiles(tar, files);
        }

        byte[] tarOf(List<String> packages) {
            Set<String> wanted = new HashSet<>();
            packages.forEach(p -> wanted.addAll(filesByPackage.getOrDefault(p, Set.of())));
            return TarSubset.of(tar, wanted);
        }

        private static List<String> listCommand(PackageManager manager, List<String> packages) {
            String files = String.join(" ", manager.filesCommand(List.of()));
            List<String> command = new ArrayList<>(List.of("sh", "-c",
                    "for p in \"$@\"; do echo \"# crosshost-package $p\"; " + files + " \"$p\" || exit 1; done", "sh"));
            command.addAll(packages);
            return command;
        }
    }

    /** An image's inventory, once per host and image. */
    private static ProbeReading<PackageInventory> inventory(ProbeMemo memo, String host, ImageSpec image, HostProbes probes)
            throws InterruptedException {
        return memo.get("packages@" + host + ":" + image.reference(),
                () -> PackageInventory.read(probes.run(PackageManager.inventoryProbeCommand(), List.of(), List.of())));
    }

    private static int probes(HostProbes a, HostProbes b) {
        return a.count() + b.count();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
