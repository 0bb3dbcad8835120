package io.crosshost.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CappedOutputTest {

    @Test
    void keepsTheFirstBytesAndCountsTheRest() {
        CappedOutput out = new CappedOutput(10);
        out.append("12345678".getBytes());
        out.append("abcdefgh".getBytes());
        out.append("more".getBytes());

        assertThat(out.toCaptured().text()).isEqualTo("12345678ab");
        assertThat(out.toCaptured().droppedBytes()).isEqualTo(10);
    }
}
