package sh.velocity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void theMedianOfAnOddNumberOfRoundsIsTheMiddleOne() {
        assertEquals("0.95x", PgbenchComparison.Result.median(new double[] {1.32, 0.75, 0.95}));
    }

    @Test
    void theMedianOfAnEvenNumberIsTheMeanOfTheMiddleTwo() {
        assertEquals("1.00x", PgbenchComparison.Result.median(new double[] {0.9, 1.2, 1.1, 0.5}));
    }

    @Test
    void aRoundWhosePgbenchFailedIsLeftOutOfTheMedianAndDoesNotCountAsMet() {
        double[] ratios = {Double.NaN, 1.1, 0.8};
        assertEquals("0.95x", PgbenchComparison.Result.median(ratios));
        assertEquals(1, PgbenchComparison.Result.met(ratios, 1.0));
        assertEquals("-", PgbenchComparison.Result.median(new double[] {Double.NaN}));
    }

    @Test
    void aRatioEqualToTheGoalMeetsIt() {
        assertEquals(2, PgbenchComparison.Result.met(new double[] {0.6, 0.61, 0.59}, 0.6));
    }

    @Test
    void roundsNeedBothTheRecordsAndThePgbenchPhases() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Benchmarks.Options.parse(new String[] {"--records", "--rounds", "3"}));
        assertTrue(e.getMessage().contains("--rounds needs --records and --pgbench"), e.getMessage());
        assertEquals(3, Benchmarks.Options.parse(new String[] {"--records", "--pgbench", "--rounds", "3"}).rounds());
        assertEquals(1, Benchmarks.Options.parse(new String[] {"--records", "--pgbench"}).rounds());
    }
}
