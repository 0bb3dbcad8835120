package io.crosshost.definitions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuantitiesTest {

    @Test
    void durationsTakeMillisecondsSecondsMinutesHoursAndSums() {
        assertThat(Quantities.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Quantities.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Quantities.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Quantities.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Quantities.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30 s", "2 minutes", "1.5h", "-1s", "", "s", "99999999999999999999h"})
    void notADuration(String text) {
        assertThat(Quantities.duration(text)).isNull();
    }

    @Test
    void sizesAreBinaryLikeDockersFlags() {
        assertThat(Quantities.size("256m")).isEqualTo(256L << 20);
        assertThat(Quantities.size("1g")).isEqualTo(1L << 30);
        assertThat(Quantities.size("512MiB")).isEqualTo(512L << 20);
        assertThat(Quantities.size("64MB")).isEqualTo(64L << 20);
        assertThat(Quantities.size("1024")).isEqualTo(1024L);
        assertThat(Quantities.size("2 k")).isEqualTo(2048L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256 megs", "1.5g", "-1m", "m", "", "1p", "99999999999999t"})
    void notASize(String text) {
        assertThat(Quantities.size(text)).isNull();
    }

    @Test
    void suggestionsFindTyposButNotUnrelatedWords() {
        List<String> keys = ScenarioParser.SCENARIO_KEYS;
        assertThat(Suggestions.nearest("expcet", keys)).contains("expect");
        assertThat(Suggestions.nearest("readOnly", keys)).contains("read_only");
        assertThat(Suggestions.nearest("knownFailures", keys)).contains("known_failures");
        assertThat(Suggestions.nearest("banana", keys)).isEmpty();
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
