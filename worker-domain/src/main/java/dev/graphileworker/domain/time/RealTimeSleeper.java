package dev.graphileworker.domain.time;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Blocks for real until the time has passed or it is woken for good. */
final class RealTimeSleeper implements Sleeper {

    private final CountDownLatch woken = new CountDownLatch(1);

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        woken.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void wakeUp() {
        woken.countDown();
    }
}
