package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Claims come in few sizes, so that PostgreSQL keeps one plan per size, and never ask for more than wanted. */
class ClaimSizeTest {

    @Test
    void smallClaimsAreExactAndLargerOnesThePowerOfTwoWithin() {
        for (int wanted = 1; wanted <= LoopState.EXACT_CLAIMS; wanted++) {
            assertThat(LoopState.claimSize(wanted)).isEqualTo(wanted);
        }
        assertThat(LoopState.claimSize(33)).isEqualTo(32);
        assertThat(LoopState.claimSize(524)).isEqualTo(512);
        assertThat(LoopState.claimSize(1024)).isEqualTo(1024);
    }

    @Test
    void tenThousandWantedSizesMakeFewClaimSizesNoneLargerThanWanted() {
        Set<Integer> sizes = new TreeSet<>();
        for (int wanted = 1; wanted <= 10_000; wanted++) {
            int size = LoopState.claimSize(wanted);
            assertThat(size).isBetween(1, wanted).isGreaterThan(wanted / 2);
            sizes.add(size);
        }
        // 1 to 32 exactly, then 64, 128, ..., 8192.
        assertThat(sizes).hasSize(LoopState.EXACT_CLAIMS + 8);
    }
}
