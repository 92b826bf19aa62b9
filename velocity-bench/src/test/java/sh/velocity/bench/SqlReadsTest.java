package sh.velocity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SqlReadsTest {

    private static final String TABLE = "\"acme_supply_chain_procurement\".\"bench_rowsu_x_v1\"";

    @Test
    void theGetIsTheServersQueryAsPostgresLoggedIt() {
        // log_statement = all, one GET of the unaudited example type (session 20)
        assertEquals("SELECT id, version, created_at, updated_at, \"po_number\", \"amount\", \"currency\", \"notes\","
                + " \"credit_card\" FROM " + TABLE + " WHERE id = ?", SqlReads.query(SqlReads.Read.GET, TABLE));
        assertEquals("SELECT id, version, created_at, updated_at, \"po_number\", \"amount\", \"currency\", \"notes\","
                + " \"credit_card\" FROM " + TABLE + " ORDER BY \"created_at\" ASC NULLS LAST, id LIMIT ?",
                SqlReads.query(SqlReads.Read.LIST_FIRST, TABLE));
    }

    @Test
    void aPageFromAPositionContinuesAfterTheCursorsRowInTheDefaultOrder() {
        assertTrue(SqlReads.query(SqlReads.Read.LIST_AT, TABLE).endsWith(" WHERE (\"created_at\", id) > (?, ?)"
                + " ORDER BY \"created_at\" ASC NULLS LAST, id LIMIT ?"));
    }

    @Test
    void rowsArePickedAsTheHttpPhasesPickThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long get = SqlReads.pick(SqlReads.Read.GET, 1_000, random);
            long at = SqlReads.pick(SqlReads.Read.LIST_AT, 1_000, random);
            assertTrue(get >= 1 && get <= 1_000, "GET row " + get);
            assertTrue(at >= 1 && at <= 900, "page after row " + at + " would not be full");
        }
        assertEquals(0, SqlReads.pick(SqlReads.Read.LIST_FIRST, 1_000, random));
    }

    @Test
    void theKeysPrincipalIsFoundByItsSha256LikeTheServerStoresIt() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SqlReads.sha256Hex("abc"));
    }
}
