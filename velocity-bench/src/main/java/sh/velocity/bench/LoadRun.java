package sh.velocity.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop load phase: N client threads, each sending one request at a time over a
 * {@link Transport} (one keep-alive HTTP/1.1 connection per busy thread) until a deadline: the
 * JDK's shared {@link HttpClient}, or a {@link SocketTransport} with a blocking socket per thread.
 * Each request is timed from just before {@code send} to the end of its response body. A request
 * counts as a success when it gets the expected status (any 2xx when that is 0); anything else,
 * including an exception, is an error, counted by kind, with the first few bodies kept for the report.
 * A {@link Check} can refuse a response with the expected status too (the search benchmark checks
 * which tier answered), and a {@link Requests} that returns null ends its client early (a paced load
 * whose schedule is over). The loop itself knows nothing of HTTP: it runs an {@link Exchange}, which
 * the SQL baselines of the read phases ({@link SqlReads}) implement over JDBC.
 */
final class LoadRun {

    /**
     * What one client thread does in each turn of the loop: {@link #next} picks the work, untimed (it
     * may block to pace a load; null ends the client), then {@link #perform} does it, timed.
     */
    interface Exchange<W> {
        W next(int client, SplittableRandom random);

        /** Null when the work succeeded; otherwise what went wrong. An exception counts as an error of its class. */
        Failure perform(int client, W work) throws Exception;
    }

    /** A failed turn: {@code kind} is counted, {@code sample} may be kept for the report. */
    record Failure(String kind, String sample) {
    }

    /**
     * Builds the next request of one client thread; the random generator is the thread's own. May
     * block (to pace a load: the wait is not part of the request's latency); null ends this client.
     */
    @FunctionalInterface
    interface Requests {
        HttpRequest next(int client, SplittableRandom random);
    }

    /** Looks at a response that has the expected status: null if it counts, else the kind of error. */
    @FunctionalInterface
    interface Check {
        String problem(Reply response);
    }

    /** A response: status, body, and headers by case-insensitive name. */
    record Reply(int statusCode, byte[] body, Map<String, List<String>> headers) {

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /** How one client thread sends its requests; {@code client} is the thread's index, 0 to N-1. */
    interface Transport extends AutoCloseable {
        Reply send(int client, HttpRequest request) throws IOException, InterruptedException;

        @Override
        void close();

        /** The JDK's client, shared by every thread (it keeps one connection per concurrent exchange). */
        static Transport of(HttpClient client) {
            return new Transport() {
                @Override
                public Reply send(int index, HttpRequest request) throws IOException, InterruptedException {
                    HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    headers.putAll(r.headers().map());
                    return new Reply(r.statusCode(), r.body(), headers);
                }

                @Override
                public void close() {
                    // the shared client outlives the phase
                }
            };
        }
    }

    record Result(String name, int clients, double seconds, long ok, long errors, Map<String, Long> errorKinds,
                  List<String> errorSamples, Percentiles latency, String loadBefore, String loadAfter,
                  String cpu, Machine.Use use, String database) {

        Result withDatabase(String text) {
            return new Result(name, clients, seconds, ok, errors, errorKinds, errorSamples, latency, loadBefore,
                    loadAfter, cpu, use, text);
        }

        double perSecond() {
            return ok / seconds;
        }

        String errorSummary() {
            if (errors == 0) {
                return "0";
            }
            StringBuilder s = new StringBuilder(Table.count(errors)).append(" (");
            errorKinds.forEach((k, v) -> s.append(k).append(" x").append(v).append(", "));
            s.setLength(s.length() - 2);
            return s.append(')').toString();
        }
    }

    private LoadRun() {
    }

    /** As {@link #run}, sampling the database's backends meanwhile (when {@code pg} is not null). */
    static Result run(String name, HttpClient client, int clients, Duration duration, int expectedStatus,
                      Postgres.Target pg, Requests requests) throws InterruptedException {
        return run(name, client, clients, duration, expectedStatus, pg, requests, null);
    }

    /** As {@link #run}, with each response also passed to {@code check}, and the database sampled when given. */
    static Result run(String name, HttpClient client, int clients, Duration duration, int expectedStatus,
                      Postgres.Target pg, Requests requests, Check check) throws InterruptedException {
        return run(name, Transport.of(client), clients, duration, expectedStatus, pg, requests, check);
    }

    /** As {@link #run}, over {@code transport} (closed at the end), the database sampled when given. */
    static Result run(String name, Transport transport, int clients, Duration duration, int expectedStatus,
                      Postgres.Target pg, Requests requests) throws InterruptedException {
        return run(name, transport, clients, duration, expectedStatus, pg, requests, null);
    }

    /** As {@link #run}, over {@code transport} (closed at the end), the database sampled when given. */
    static Result run(String name, Transport transport, int clients, Duration duration, int expectedStatus,
                      Postgres.Target pg, Requests requests, Check check) throws InterruptedException {
        Postgres.Activity activity = Postgres.Activity.start(pg);
        Result result;
        try (transport) {
            result = run(name, transport, clients, duration, expectedStatus, requests, check);
        }
        if (activity == null) {
            return result;
        }
        activity.close();
        return result.withDatabase(activity.summary());
    }

    static Result run(String name, HttpClient client, int clients, Duration duration, int expectedStatus,
                      Requests requests) throws InterruptedException {
        return run(name, Transport.of(client), clients, duration, expectedStatus, requests, null);
    }

    static Result run(String name, HttpClient client, int clients, Duration duration, int expectedStatus,
                      Requests requests, Check check) throws InterruptedException {
        return run(name, Transport.of(client), clients, duration, expectedStatus, requests, check);
    }

    private static Result run(String name, Transport client, int clients, Duration duration, int expectedStatus,
                              Requests requests, Check check) throws InterruptedException {
        return run(name, clients, duration, http(client, expectedStatus, requests, check));
    }

    /** As {@link #run(String, int, Duration, Exchange)}, sampling the database's backends meanwhile (when {@code pg} is not null). */
    static <W> Result run(String name, int clients, Duration duration, Postgres.Target pg, Exchange<W> exchange)
            throws InterruptedException {
        Postgres.Activity activity = Postgres.Activity.start(pg);
        Result result = run(name, clients, duration, exchange);
        if (activity == null) {
            return result;
        }
        activity.close();
        return result.withDatabase(activity.summary());
    }

    /** Requests over {@code transport}: a success is the expected status (any 2xx for 0) that {@code check} accepts. */
    private static Exchange<HttpRequest> http(Transport transport, int expected, Requests requests, Check check) {
        return new Exchange<>() {
            @Override
            public HttpRequest next(int client, SplittableRandom random) {
                return requests.next(client, random);
            }

            @Override
            public Failure perform(int client, HttpRequest request) throws IOException, InterruptedException {
                Reply response = transport.send(client, request);
                if (expected > 0 ? response.statusCode() != expected : response.statusCode() / 100 != 2) {
                    String error = "HTTP " + response.statusCode();
                    return new Failure(error, error + " " + request.method() + " " + request.uri().getRawPath() + ": "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
                String problem = check == null ? null : check.problem(response);
                return problem == null ? null : new Failure(problem, problem + " " + request.method() + " "
                        + request.uri().getRawPath() + "?" + request.uri().getRawQuery());
            }
        };
    }

    private static <W> Result run(String name, int clients, Duration duration, Exchange<W> exchange)
            throws InterruptedException {
        String loadBefore = Machine.loadAverage();
        Machine.CpuSample cpuStart = Machine.CpuSample.now();
        Machine.ProcessCpu processStart = Machine.ProcessCpu.now();
        List<Worker<W>> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        for (int i = 0; i < clients; i++) {
            workers.add(new Worker<>(i, exchange, ready, go, window));
        }
        for (Worker<W> w : workers) {
            w.thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        window[0] = start;
        window[1] = start + duration.toNanos();
        go.countDown();
        long end = start;
        for (Worker<W> w : workers) {
            w.thread.join();
            end = Math.max(end, w.lastEnd);
        }
        long ok = 0;
        long errors = 0;
        Map<String, Long> kinds = new TreeMap<>();
        List<String> samples = new ArrayList<>();
        int n = 0;
        for (Worker<W> w : workers) {
            ok += w.count;
            errors += w.errors;
            w.kinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
            for (String s : w.samples) {
                if (samples.size() < 3) {
                    samples.add(s);
                }
            }
            n += w.count;
        }
        long[] all = new long[Math.max(n, 1)];
        int at = 0;
        for (Worker<W> w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Percentiles latency = n == 0 ? null : new Percentiles(all, n);
        return new Result(name, clients, (end - start) / 1e9, ok, errors, kinds, samples, latency, loadBefore,
                Machine.loadAverage(), Machine.CpuSample.now().since(cpuStart),
                Machine.ProcessCpu.now().since(processStart), null);
    }

    private static final class Worker<W> implements Runnable {
        final Thread thread;
        final int index;
        final Exchange<W> exchange;
        final CountDownLatch ready;
        final CountDownLatch go;
        final long[] window;
        final Map<String, Long> kinds = new TreeMap<>();
        final List<String> samples = new ArrayList<>();
        long[] latencies = new long[4096];
        int count;
        long errors;
        long lastEnd;

        Worker(int index, Exchange<W> exchange, CountDownLatch ready, CountDownLatch go, long[] window) {
            this.index = index;
            this.exchange = exchange;
            this.ready = ready;
            this.go = go;
            this.window = window;
            this.thread = new Thread(this, "bench-client-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(0x5eed_0000L + index * 7919L + System.nanoTime());
            ready.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            long deadline = window[1];
            long now = System.nanoTime();
            while (now < deadline) {
                W work = exchange.next(index, random);
                if (work == null) {
                    break;
                }
                long t0 = System.nanoTime();
                Failure failure;
                try {
                    failure = exchange.perform(index, work);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    failure = new Failure(e.getClass().getSimpleName(), e.getClass().getSimpleName() + ": "
                            + e.getMessage());
                }
                now = System.nanoTime();
                lastEnd = now;
                if (failure == null) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = now - t0;
                } else {
                    errors++;
                    kinds.merge(failure.kind(), 1L, Long::sum);
                    if (samples.size() < 3 && failure.sample() != null) {
                        String text = failure.sample();
                        samples.add(text.length() > 400 ? text.substring(0, 400) + "..." : text);
                    }
                }
            }
        }
    }

    /** "1,234.5" */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f", perSecond);
    }
}
