package dev.graphileworker.postgres;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.api.GraphileWorker;
import dev.graphileworker.api.WorkerException;
import org.junit.jupiter.api.Test;

/** {@link GraphileWorker#checkCrontab}: the parse that {@code run} does first, alone, with no database. */
class CrontabCheckTest {

    @Test
    void goodCrontabPasses() {
        assertThatCode(() -> GraphileWorker.checkCrontab("# weekly\n30 4 * * 1 send_weekly_email ?fill=2d&max=10 "
                + "{onboarding: false}\n\n*/15 * * * * sync_prices ?queue=prices\n")).doesNotThrowAnyException();
    }

    @Test
    void badLineIsNamedWithItsNumber() {
        assertThatThrownBy(() -> GraphileWorker.checkCrontab("# fine so far\n0 4 * * * rollup\n61 * * * * rec"))
                .isInstanceOf(WorkerException.class)
                .hasMessage("crontab line 3: minute field '61' is out of range 0-59");
    }

    @Test
    void duplicateIdentifiersAreRefused() {
        assertThatThrownBy(() -> GraphileWorker.checkCrontab("0 * * * * rec\n30 * * * * rec"))
                .isInstanceOf(WorkerException.class)
                .hasMessageStartingWith("crontab line 2: identifier 'rec' is already used on line 1");
    }
}
