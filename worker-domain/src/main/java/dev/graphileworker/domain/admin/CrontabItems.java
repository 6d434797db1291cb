package dev.graphileworker.domain.admin;

import dev.graphileworker.api.admin.CronItemView;
import dev.graphileworker.domain.KnownCrontab;
import dev.graphileworker.domain.cron.CronItem;
import dev.graphileworker.domain.cron.Crontab;
import dev.graphileworker.domain.cron.CrontabException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A crontab's items as operators see them ({@link CronItemView}): each line with what the queue
 * remembers of it and its next run, then the remembered items the crontab does not have.
 */
public final class CrontabItems {

    private CrontabItems() {
    }

    /**
     * Parses a crontab as a worker given the same text and zone does.
     *
     * @param text the crontab
     * @param defaultZone the zone of the lines without {@code ?tz=}
     * @return the crontab
     * @throws IllegalArgumentException with the message of the first bad line
     */
    public static Crontab parse(String text, ZoneId defaultZone) {
        Objects.requireNonNull(text, "crontabText");
        Objects.requireNonNull(defaultZone, "defaultZone");
        try {
            return Crontab.parse(text, defaultZone);
        } catch (CrontabException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * @param crontab the crontab
     * @param known what the queue remembers of every item, in any order
     * @param now the implementation's current time, which the next runs come after
     * @return the crontab's items in the order of their lines, then the other known items by identifier
     */
    public static List<CronItemView> views(Crontab crontab, Collection<KnownCrontab> known, Instant now) {
        Map<String, KnownCrontab> byIdentifier = new HashMap<>();
        known.forEach(record -> byIdentifier.put(record.identifier(), record));
        List<CronItemView> views = new ArrayList<>();
        for (CronItem item : crontab.items()) {
            Optional<KnownCrontab> record = Optional.ofNullable(byIdentifier.remove(item.identifier()));
            views.add(new CronItemView(item.identifier(), true, Optional.of(item.task()),
                    Optional.of(item.schedule().fields()), Optional.of(item.schedule().zone()),
                    record.map(KnownCrontab::knownSince), record.flatMap(KnownCrontab::lastExecutionIfAny),
                    item.schedule().nextTickAfter(now)));
        }
        byIdentifier.values().stream().sorted(Comparator.comparing(KnownCrontab::identifier))
                .forEach(record -> views.add(new CronItemView(record.identifier(), false, Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of(record.knownSince()),
                        record.lastExecutionIfAny(), Optional.empty())));
        return views;
    }
}
