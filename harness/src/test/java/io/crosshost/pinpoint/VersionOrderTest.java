package io.crosshost.pinpoint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each row: a < b, so compare(a, b) < 0, compare(b, a) > 0; equal rows say so. */
class VersionOrderTest {

    @ParameterizedTest(name = "dpkg: {0} < {1}")
    @CsvSource(delimiter = ' ', value = {
            "2.31-13+deb11u11 2.36-9+deb12u14",  // libc6, Debian 11 -> 12 (recorded on the lab)
            "2.36-9+deb12u9 2.36-9+deb12u14",    // digit runs compare numerically, not as text
            "1.0~rc1 1.0",                       // ~ sorts before the end of the string
            "1.0~~ 1.0~",
            "1.0~rc1-1 1.0-1",
            "1.0 1.0a",                          // the end of the string before a letter
            "1.0a 1.0+",                         // letters before non-letters
            "1.0-1 1.0-1.1",
            "9.9 1:0.1",                         // the epoch first
            "1:2.0 2:1.0",
            "2.0 10.0",
            "1.2.3 1.2.10",
            "6.4-2 6.4-10",
            "0.9.9-1 1.0-0",
            "1.0-0 1.0-1",
            "7.88.1-10+deb12u5 8.5.0-2",
    })
    void debianOrder(String older, String newer) {
        assertThat(DebianVersions.ORDER.compare(older, newer)).isNegative();
        assertThat(DebianVersions.ORDER.compare(newer, older)).isPositive();
    }

    @ParameterizedTest(name = "dpkg: {0} == {1}")
    @CsvSource(delimiter = ' ', value = {"1.0 1.0-0", "0:1.0 1.0", "1.01 1.1", "1.0-1 1.0-01", "2.36-9 2.36-9"})
    void debianEqual(String a, String b) {
        assertThat(DebianVersions.ORDER.compare(a, b)).isZero();
    }

    @ParameterizedTest(name = "rpm: {0} < {1}")
    @CsvSource(delimiter = ' ', value = {
            "2.0.94-5.3.el6 2.0.96-1.el6",       // libselinux, RHEL 6.5 -> 6.x
            "2.0.94-5.3.el6 2.0.94-5.8.el6",
            "1.0~rc1 1.0",
            "1.0 1.0^git1",                      // ^: after the base version ...
            "1.0^git1 1.0.1",                    // ... before anything more
            "1.0a 1.0.1",                        // a digit run is newer than a letter run
            "1.0 1.0a",
            "2.el6 2.el6_4",
            "1.9 1.10",
            "1:1.0 2:0.1",
            "1.0-1 1.0-2",
            "abc 1",
            "5.3.el6 5.3.el7",
    })
    void rpmOrder(String older, String newer) {
        assertThat(RpmVersions.ORDER.compare(older, newer)).isNegative();
        assertThat(RpmVersions.ORDER.compare(newer, older)).isPositive();
    }

    @ParameterizedTest(name = "rpm: {0} == {1}")
    @CsvSource(delimiter = ' ', value = {"1.0 1.0", "1.0.0-1 1.0.0-1", "1..0 1.0", "1.01 1.1", "0:1.0-1 1.0-1", "1_0 1.0"})
    void rpmEqual(String a, String b) {
        assertThat(RpmVersions.ORDER.compare(a, b)).isZero();
    }

    @ParameterizedTest(name = "apk: {0} < {1}")
    @CsvSource(delimiter = ' ', value = {
            "1.2.2-r3 1.2.2-r7",
            "1.2.2-r7 1.2.3-r0",                 // musl, Alpine 3.13 -> 3.14 shape
            "1.1.1k-r0 1.1.1l-r0",
            "1.1.1-r0 1.1.1k-r0",
            "1.0_rc1-r0 1.0-r0",
            "1.0_alpha1 1.0_beta1",
            "1.0-r0 1.0_p1-r0",
            "1.2 1.2.1",
            "20211220-r0 20220614-r0",
            "2.9-r1 2.10-r0",
    })
    void apkOrder(String older, String newer) {
        assertThat(ApkVersions.ORDER.compare(older, newer)).isNegative();
        assertThat(ApkVersions.ORDER.compare(newer, older)).isPositive();
    }
}
