package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Claims come in few sizes, so that PostgreSQL keeps one plan per size, close to what is wanted (each
 * claim has a cost of its own, so a refill should not come in halves) and never more.
 */
class ClaimSizeTest {

    @Test
    void smallClaimsAreExactAndLargerOnesFourSizesForEachDoubling() {
        for (int wanted = 1; wanted <= LoopState.EXACT_CLAIMS; wanted++) {
            assertThat(LoopState.claimSize(wanted)).isEqualTo(wanted);
        }
        assertThat(LoopState.claimSize(33)).isEqualTo(32);
        assertThat(LoopState.claimSize(47)).isEqualTo(40);
        assertThat(LoopState.claimSize(399)).isEqualTo(384);
        assertThat(LoopState.claimSize(500)).isEqualTo(448);
        assertThat(LoopState.claimSize(524)).isEqualTo(512);
        assertThat(LoopState.claimSize(1024)).isEqualTo(1024);
    }

    @Test
    void tenThousandWantedSizesMakeFewClaimSizesNoneLargerThanWantedNorBelowThreeQuarters() {
        Set<Integer> sizes = new TreeSet<>();
        for (int wanted = 1; wanted <= 10_000; wanted++) {
            int size = LoopState.claimSize(wanted);
            assertThat(size).isBetween(1, wanted).isGreaterThan(wanted * 3 / 4);
            sizes.add(size);
        }
        // 1 to 32 exactly, then 40, 48, 56, then four sizes in each doubling up to 7,168, then 8,192.
        assertThat(sizes).hasSize(LoopState.EXACT_CLAIMS + 3 + 4 * 7 + 1);
    }
}
