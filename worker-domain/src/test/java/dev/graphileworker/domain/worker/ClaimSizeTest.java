package dev.graphileworker.domain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Claims come in few sizes, so that PostgreSQL keeps one plan per size, close to what is wanted (each
 * claim has a cost of its own, so a refill should not come in halves) and never more; with results
 * written in batches, in whole batches where they can.
 */
class ClaimSizeTest {

    private static final int RESULTS_ALONE = 1;

    @Test
    void smallClaimsAreExactAndLargerOnesFourSizesForEachDoubling() {
        for (int wanted = 1; wanted <= LoopState.EXACT_CLAIMS; wanted++) {
            assertThat(LoopState.claimSize(wanted, RESULTS_ALONE)).isEqualTo(wanted);
        }
        assertThat(LoopState.claimSize(33, RESULTS_ALONE)).isEqualTo(32);
        assertThat(LoopState.claimSize(47, RESULTS_ALONE)).isEqualTo(40);
        assertThat(LoopState.claimSize(399, RESULTS_ALONE)).isEqualTo(384);
        assertThat(LoopState.claimSize(500, RESULTS_ALONE)).isEqualTo(448);
        assertThat(LoopState.claimSize(524, RESULTS_ALONE)).isEqualTo(512);
        assertThat(LoopState.claimSize(1024, RESULTS_ALONE)).isEqualTo(1024);
    }

    @Test
    void tenThousandWantedSizesMakeFewClaimSizesNoneLargerThanWantedNorBelowThreeQuarters() {
        Set<Integer> sizes = new TreeSet<>();
        for (int wanted = 1; wanted <= 10_000; wanted++) {
            int size = LoopState.claimSize(wanted, RESULTS_ALONE);
            assertThat(size).isBetween(1, wanted).isGreaterThan(wanted * 3 / 4);
            sizes.add(size);
        }
        // 1 to 32 exactly, then 40, 48, 56, then four sizes in each doubling up to 7,168, then 8,192.
        assertThat(sizes).hasSize(LoopState.EXACT_CLAIMS + 3 + 4 * 7 + 1);
    }

    @Test
    void claimsOfAtLeastABatchAreWholeBatchesWhenTheyComeWithinAQuarterOfWhatIsWanted() {
        assertThat(LoopState.claimSize(20, 500)).isEqualTo(20);
        assertThat(LoopState.claimSize(499, 500)).isEqualTo(448);
        assertThat(LoopState.claimSize(524, 500)).isEqualTo(500);
        assertThat(LoopState.claimSize(999, 500)).isEqualTo(896);
        assertThat(LoopState.claimSize(1100, 500)).isEqualTo(1000);
        // Batches of up to 32 results leave the sizes as they are.
        assertThat(LoopState.claimSize(524, 10)).isEqualTo(512);
    }

    @Test
    void wholeBatchClaimsAreFewSizesNoneLargerThanWantedNorBelowThreeQuarters() {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int wanted = 1; wanted <= 10_000; wanted++) {
            int size = LoopState.claimSize(wanted, 500);
            assertThat(size).isBetween(1, wanted).isGreaterThan(wanted * 3 / 4);
            sizes.add(size);
        }
        // Below one batch as without batches; above it whole batches, and quarter steps where a whole
        // batch would fall short by more than a quarter (640 to 896 between one and two batches).
        assertThat(sizes.tailSet(448)).containsExactly(448, 500, 640, 768, 896, 1000, 1280,
                1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000,
                9500, 10000);
        assertThat(sizes).hasSize(71);
    }
}
