package io.crosshost.pinpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs from a passing image P's packages to a failing image F's: packages only in F (added), only in P
 * (removed), and in both with F's version newer (upgraded) or older (downgraded) by the manager's own order. Two
 * spellings the order calls equal (1.0 and 1.0-0) are no change.
 */
public record PackageDiff(List<InstalledPackage> added, List<InstalledPackage> removed, List<Change> upgraded,
                          List<Change> downgraded) {

    /** One package in both images: {@code from} is P's, {@code to} is F's. */
    public record Change(InstalledPackage from, InstalledPackage to) {
        public String name() {
            return to.name();
        }

        /** "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14". */
        public String describe() {
            return to.name() + " " + from.version() + " -> " + to.version();
        }
    }

    public PackageDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        upgraded = List.copyOf(upgraded);
        downgraded = List.copyOf(downgraded);
    }

    /** P -> F; both inventories must come from the same package manager. */
    public static PackageDiff between(PackageInventory passing, PackageInventory failing) {
        if (passing.manager() != failing.manager()) {
            throw new IllegalArgumentException("cannot compare a " + passing.manager() + " image with a " + failing.manager()
                    + " image: choose a passing image of the same package manager");
        }
        Comparator<String> order = failing.manager().versionOrder();
        Map<String, List<InstalledPackage>> p = passing.byName();
        Map<String, List<InstalledPackage>> f = failing.byName();
        Set<String> names = new LinkedHashSet<>(f.keySet());
        names.addAll(p.keySet());
        List<InstalledPackage> added = new ArrayList<>();
        List<InstalledPackage> removed = new ArrayList<>();
        List<Change> upgraded = new ArrayList<>();
        List<Change> downgraded = new ArrayList<>();
        for (String name : names) {
            List<InstalledPackage> before = p.getOrDefault(name, List.of());
            List<InstalledPackage> after = f.getOrDefault(name, List.of());
            if (before.size() == 1 && after.size() == 1) {
                compare(before.get(0), after.get(0), order, upgraded, downgraded);
                continue;
            }
            // Several instances: pair them by architecture when that is unique, else compare as sets of versions.
            for (String arch : archesOf(before, after)) {
                List<InstalledPackage> b = before.stream().filter(x -> x.arch().equals(arch)).toList();
                List<InstalledPackage> a = after.stream().filter(x -> x.arch().equals(arch)).toList();
                if (b.size() == 1 && a.size() == 1) {
                    compare(b.get(0), a.get(0), order, upgraded, downgraded);
                } else {
                    a.stream().filter(x -> b.stream().noneMatch(y -> order.compare(x.version(), y.version()) == 0)).forEach(added::add);
                    b.stream().filter(y -> a.stream().noneMatch(x -> order.compare(x.version(), y.version()) == 0)).forEach(removed::add);
                }
            }
        }
        return new PackageDiff(added, removed, upgraded, downgraded);
    }

    private static void compare(InstalledPackage before, InstalledPackage after, Comparator<String> order,
                                List<Change> upgraded, List<Change> downgraded) {
        int c = order.compare(after.version(), before.version());
        if (c > 0) {
            upgraded.add(new Change(before, after));
        } else if (c < 0) {
            downgraded.add(new Change(before, after));
        }
    }

    private static Set<String> archesOf(List<InstalledPackage> before, List<InstalledPackage> after) {
        Set<String> arches = new LinkedHashSet<>();
        after.forEach(x -> arches.add(x.arch()));
        before.forEach(x -> arches.add(x.arch()));
        return arches;
    }

    public int size() {
        return added.size() + removed.size() + upgraded.size() + downgraded.size();
    }

    /**
     * The packages whose F files a hybrid can copy into P: upgraded, downgraded and added ones (the archive API adds
     * and overwrites files, it cannot delete P's, so a removed package is no candidate). Most likely first: the C
     * library and the libraries that talk to the kernel's security interfaces, then other libraries, then the rest.
     */
    public List<InstalledPackage> hybridCandidates() {
        List<InstalledPackage> all = new ArrayList<>();
        upgraded.forEach(c -> all.add(c.to()));
        downgraded.forEach(c -> all.add(c.to()));
        all.addAll(added);
        all.sort(Comparator.comparingInt(SuspectRanking.ANY::rank));
        return all;
    }
}
