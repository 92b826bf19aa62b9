package sh.velocity.records.domain.search;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outbox lag of each tier-3 record type over the last hour, kept in memory by one server: one
 * sample per minute, the worst lag measured in that minute (the relay measures every pass). Nothing
 * is persisted: the history starts when the server does. Thread-safe.
 */
public final class LagHistory {

    /** How much history is kept. */
    public static final Duration WINDOW = Duration.ofHours(1);

    /** The worst lag of one record type in one minute. */
    public record Sample(Instant minute, long unpublished, double oldestSeconds) {
    }

    private final Map<String, Deque<Sample>> byPath = new HashMap<>();

    /** Records a measurement taken at {@code at}; older samples fall out of the window. */
    public synchronized void record(String path, Instant at, long unpublished, double oldestSeconds) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        Deque<Sample> samples = byPath.computeIfAbsent(path, p -> new ArrayDeque<>());
        Sample last = samples.peekLast();
        if (last != null && last.minute().equals(minute)) {
            samples.removeLast();
            samples.addLast(new Sample(minute, Math.max(last.unpublished(), unpublished),
                    Math.max(last.oldestSeconds(), oldestSeconds)));
        } else if (last == null || last.minute().isBefore(minute)) {
            samples.addLast(new Sample(minute, unpublished, oldestSeconds));
        }
        prune(minute);
    }

    /** The samples within the window before {@code now}, per path, oldest first. */
    public synchronized Map<String, List<Sample>> since(Instant now) {
        prune(now.truncatedTo(ChronoUnit.MINUTES));
        Map<String, List<Sample>> out = new TreeMap<>();
        byPath.forEach((path, samples) -> {
            if (!samples.isEmpty()) {
                out.put(path, List.copyOf(new ArrayList<>(samples)));
            }
        });
        return out;
    }

    private void prune(Instant currentMinute) {
        Instant oldest = currentMinute.minus(WINDOW);
        byPath.values().forEach(samples -> {
            while (!samples.isEmpty() && !samples.peekFirst().minute().isAfter(oldest)) {
                samples.removeFirst();
            }
        });
        byPath.values().removeIf(Deque::isEmpty);
    }
}
