package sh.velocity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadRunTest {

    /** Two clients, five turns each: the fourth fails, the fifth throws, then next() ends the client. */
    @Test
    void failuresAndExceptionsAreCountedByKindAndOnlySuccessesAreTimed() throws Exception {
        AtomicInteger[] turns = {new AtomicInteger(), new AtomicInteger()};
        LoadRun.Exchange<Integer> exchange = new LoadRun.Exchange<>() {
            @Override
            public Integer next(int client, SplittableRandom random) {
                int turn = turns[client].incrementAndGet();
                return turn > 5 ? null : turn;
            }

            @Override
            public LoadRun.Failure perform(int client, Integer turn) {
                if (turn == 4) {
                    return new LoadRun.Failure("short page", "99 rows");
                }
                if (turn == 5) {
                    throw new IllegalStateException("gone");
                }
                return null;
            }
        };
        LoadRun.Result r = LoadRun.run("test", 2, Duration.ofSeconds(30), null, exchange);
        assertEquals(6, r.ok());
        assertEquals(4, r.errors());
        assertEquals(2L, r.errorKinds().get("short page"));
        assertEquals(2L, r.errorKinds().get("IllegalStateException"));
        assertEquals(6, r.latency().count());
        assertTrue(r.seconds() < 30, "the clients ended when next() said so, not at the deadline");
        assertTrue(r.errorSamples().contains("IllegalStateException: gone"), r.errorSamples().toString());
    }
}
