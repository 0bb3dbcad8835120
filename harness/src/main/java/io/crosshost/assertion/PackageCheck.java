package io.crosshost.assertion;

import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.scenario.PackageExpectation;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks packages against the inventory of the image's own package manager, read in the container after the step. */
final class PackageCheck {

    private PackageCheck() {
    }

    static void check(List<String> failures, String what, List<PackageExpectation> expected, ProbeReading<PackageInventory> reading) {
        if (reading == null) {
            failures.add("[" + what + "] the package inventory was not read");
            return;
        }
        if (reading instanceof ProbeReading.CannotRun<PackageInventory> cannot) {
            failures.add("[" + what + "] cannot check packages: " + cannot.why());
            return;
        }
        PackageInventory inventory = ((ProbeReading.Read<PackageInventory>) reading).value();
        String manager = inventory.manager().name().toLowerCase(java.util.Locale.ROOT);
        for (PackageExpectation p : expected) {
            List<String> versions = inventory.byName().getOrDefault(p.name(), List.of()).stream().map(InstalledPackage::version).toList();
            String label = what + " " + p.name() + " (" + manager + ")";
            if (!p.installed()) {
                ExpectationCheck.check(failures, () -> assertThat(versions).as("%s should not be installed; installed versions", label).isEmpty());
                continue;
            }
            ExpectationCheck.check(failures, () -> assertThat(versions).as("%s should be installed; installed versions", label).isNotEmpty());
            if (!versions.isEmpty() && !p.versions().isEmpty()) {
                ExpectationCheck.check(failures, () -> assertThat(versions).as("%s installed versions", label).containsAll(p.versions()));
            }
        }
    }
}
