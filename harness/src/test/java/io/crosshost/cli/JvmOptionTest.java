package io.crosshost.cli;

import io.crosshost.engine.CrosshostConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmOptionTest {

    @Test
    void aRequestDeadlineThatIsNotADurationIsRefusedBeforeAnythingRuns() {
        String before = System.getProperty(CrosshostConfiguration.REQUEST_DEADLINE);
        try {
            for (String bad : new String[] {"soon", "60", "0s"}) {
                System.setProperty(CrosshostConfiguration.REQUEST_DEADLINE, bad);
                Cli.Result r = Cli.run("validate");
                assertThat(r.exitCode()).as(bad).isEqualTo(ExitCodes.BAD_INPUT);
                assertThat(r.err()).isEqualTo("crosshost: -Dcrosshost.requestDeadline=" + bad + " is not a duration above zero "
                        + "(a number with a unit ms, s, m or h, such as 90s or 2m)" + System.lineSeparator());
            }
        } finally {
            if (before == null) {
                System.clearProperty(CrosshostConfiguration.REQUEST_DEADLINE);
            } else {
                System.setProperty(CrosshostConfiguration.REQUEST_DEADLINE, before);
            }
        }
    }
}
