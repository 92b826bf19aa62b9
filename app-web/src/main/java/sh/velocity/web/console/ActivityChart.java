package sh.velocity.web.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import sh.velocity.records.api.SearchStatus;

/**
 * The dashboard's chart of the last hour, drawn on the server as SVG geometry (the console runs no
 * script): record writes per minute as bars, and the outbox lag (the oldest unpublished event, in
 * seconds; the worst this server measured in the minute) as a line on its own scale. The same
 * numbers are the chart's text alternative: a one-sentence summary for its {@code aria-label} and a
 * table of every minute.
 */
public final class ActivityChart {

    static final int MINUTES = 60;
    static final int WIDTH = 640;
    static final int HEIGHT = 200;
    private static final int LEFT = 48;
    private static final int RIGHT = 48;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** One minute: its start, the writes in it, and this server's worst lag sample (null when none). */
    public record Minute(Instant start, long writes, Long unpublished, Double lagSeconds) {

        public String getTime() {
            return HH_MM.format(start);
        }

        public String getLag() {
            return lagSeconds == null ? "no sample" : String.format(Locale.ROOT, "%.1f s (%d unpublished)", lagSeconds,
                    unpublished);
        }
    }

    /** One bar of the write volume, in the SVG's coordinates. */
    public record Bar(String x, String y, String width, String height, String label) {
    }

    private final List<Minute> minutes;
    private final long maxWrites;
    private final double maxLag;
    private final boolean lagShown;
    private final int lagSamples;

    private ActivityChart(List<Minute> minutes, boolean lagShown) {
        this.minutes = minutes;
        this.lagShown = lagShown;
        this.maxWrites = minutes.stream().mapToLong(Minute::writes).max().orElse(0);
        this.maxLag = minutes.stream().filter(m -> m.lagSeconds() != null).mapToDouble(Minute::lagSeconds).max().orElse(0);
        this.lagSamples = (int) minutes.stream().filter(m -> m.lagSeconds() != null).count();
    }

    /** The first minute of the hour ending with the minute of {@code now}. */
    static Instant windowStart(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1L, ChronoUnit.MINUTES);
    }

    /**
     * The chart of the hour ending now, from writes per minute and the lag samples of the record
     * types shown (summed unpublished, worst age per minute); {@code lagShown} false when no record
     * type the principal may read is searched by the engine.
     */
    static ActivityChart of(Instant now, SortedMap<Instant, Long> writes, Map<String, List<SearchStatus.LagSample>> lags,
                            boolean lagShown) {
        Instant start = windowStart(now);
        Map<Instant, long[]> unpublished = new HashMap<>();
        Map<Instant, Double> worst = new HashMap<>();
        lags.values().forEach(samples -> samples.forEach(s -> {
            unpublished.computeIfAbsent(s.minute(), m -> new long[1])[0] += s.unpublished();
            worst.merge(s.minute(), s.oldestSeconds(), Math::max);
        }));
        List<Minute> out = new ArrayList<>(MINUTES);
        for (int i = 0; i < MINUTES; i++) {
            Instant minute = start.plus(i, ChronoUnit.MINUTES);
            long[] u = unpublished.get(minute);
            out.add(new Minute(minute, writes.getOrDefault(minute, 0L), u == null ? null : u[0], worst.get(minute)));
        }
        return new ActivityChart(out, lagShown);
    }

    public List<Minute> getMinutes() {
        return minutes;
    }

    public long getTotalWrites() {
        return minutes.stream().mapToLong(Minute::writes).sum();
    }

    public long getMaxWrites() {
        return maxWrites;
    }

    public String getMaxLag() {
        return String.format(Locale.ROOT, "%.1f", maxLag);
    }

    public boolean isLagShown() {
        return lagShown;
    }

    public int getLagSamples() {
        return lagSamples;
    }

    public String getFrom() {
        return HH_MM.format(minutes.get(0).start());
    }

    public String getTo() {
        return HH_MM.format(minutes.get(MINUTES - 1).start().plus(1, ChronoUnit.MINUTES));
    }

    /** The sentence a screen reader reads for the chart: every number the picture shows. */
    public String getSummary() {
        StringBuilder b = new StringBuilder();
        b.append("Last hour, ").append(getFrom()).append(" to ").append(getTo()).append(" UTC: ")
                .append(getTotalWrites()).append(" record writes");
        if (maxWrites > 0) {
            Minute peak = minutes.stream().filter(m -> m.writes() == maxWrites).findFirst().orElseThrow();
            b.append(", at most ").append(maxWrites).append(" in a minute (").append(peak.getTime()).append(")");
        }
        b.append(". ");
        if (!lagShown) {
            b.append("No search-engine record type to show the outbox lag of.");
        } else if (lagSamples == 0) {
            b.append("No outbox lag sampled by this server yet.");
        } else {
            Minute last = null;
            for (Minute m : minutes) {
                if (m.lagSeconds() != null) {
                    last = m;
                }
            }
            b.append("Outbox lag on this server: worst ").append(getMaxLag()).append(" s, latest ")
                    .append(last.getLag()).append(" at ").append(last.getTime()).append(", from ").append(lagSamples)
                    .append(" minute samples.");
        }
        return b.toString();
    }

    public String getViewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    private static double slot() {
        return (WIDTH - LEFT - RIGHT) / (double) MINUTES;
    }

    private static double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    public List<Bar> getBars() {
        List<Bar> bars = new ArrayList<>();
        if (maxWrites == 0) {
            return bars;
        }
        for (int i = 0; i < MINUTES; i++) {
            Minute m = minutes.get(i);
            if (m.writes() == 0) {
                continue;
            }
            double h = Math.max(1, plotHeight() * m.writes() / maxWrites);
            bars.add(new Bar(n(LEFT + i * slot() + 1), n(TOP + plotHeight() - h), n(slot() - 2), n(h),
                    m.getTime() + ": " + m.writes() + " writes"));
        }
        return bars;
    }

    /** The lag line's points ({@code x,y …}); minutes without a sample are skipped. */
    public String getLagPoints() {
        StringBuilder b = new StringBuilder();
        double scale = maxLag > 0 ? maxLag : 1;
        for (int i = 0; i < MINUTES; i++) {
            Double lag = minutes.get(i).lagSeconds();
            if (lag != null) {
                b.append(b.isEmpty() ? "" : " ").append(n(LEFT + (i + 0.5) * slot())).append(',')
                        .append(n(TOP + plotHeight() - plotHeight() * lag / scale));
            }
        }
        return b.toString();
    }

    public int getPlotLeft() {
        return LEFT;
    }

    public int getPlotRight() {
        return WIDTH - RIGHT;
    }

    public int getPlotTop() {
        return TOP;
    }

    public int getPlotBottom() {
        return HEIGHT - BOTTOM;
    }

    public int getLabelY() {
        return HEIGHT - 8;
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
