package sh.velocity.records.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.RecordType;

/**
 * The retry around a request served on the type this server holds: once on the current type when
 * the generation check found it stale or the request was refused on an older type, and 409 when the
 * type changed again before the second attempt. The race itself is in SchemaVersionsIT; a second
 * change inside one request cannot be timed there, so the answer to it is checked here.
 */
class CurrentTypeRetryTest {

    private static final SchemaPath PATH = SchemaPath.parse("acme/supply-chain/procurement/purchase-order/v1");

    private final Registry registry = new Registry();
    private final DefaultRecords records = new DefaultRecords();
    private final List<Integer> served = new ArrayList<>();

    CurrentTypeRetryTest() {
        records.types = registry;
    }

    @Test
    void aStaleTypeIsServedOnceMoreOnTheCurrentOne() {
        registry.generation = 2;
        String result = records.onCurrentType(type(1), work(type -> {
            if (type.generation() == 1) {
                throw new StaleRecordType();
            }
            return "served";
        }));
        assertEquals("served", result);
        assertEquals(List.of(1, 2), served);
    }

    @Test
    void aSecondChangeDuringTheRequestAnswers409() {
        registry.generation = 2;
        VelocityException e = assertThrows(VelocityException.class, () -> records.onCurrentType(type(1), work(type -> {
            throw new StaleRecordType();
        })));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertEquals(409, e.code().status());
        assertEquals(List.of(1, 2), served, "two attempts, not more");
    }

    @Test
    void aRefusalOnATypeThatHasNotChangedIsTheAnswer() {
        registry.generation = 1;
        VelocityException refusal = new VelocityException(ErrorCode.VALIDATION_FAILED, "notes: unknown field");
        VelocityException e = assertThrows(VelocityException.class, () -> records.onCurrentType(type(1), work(type -> {
            throw refusal;
        })));
        assertSame(refusal, e);
        assertEquals(List.of(1), served);
    }

    @Test
    void aRefusalOnAnOlderTypeIsTriedOnTheCurrentOne() {
        registry.generation = 2;
        String result = records.onCurrentType(type(1), work(type -> {
            if (type.generation() == 1) {
                throw new VelocityException(ErrorCode.INVALID_REQUEST, "the type declares no search fields");
            }
            return "searched";
        }));
        assertEquals("searched", result);
        assertEquals(List.of(1, 2), served);
    }

    @Test
    void otherRefusalsAreNotRetried() {
        registry.generation = 2;
        VelocityException e = assertThrows(VelocityException.class, () -> records.onCurrentType(type(1), work(type -> {
            throw new VelocityException(ErrorCode.FORBIDDEN, "no binding");
        })));
        assertEquals(ErrorCode.FORBIDDEN, e.code());
        assertEquals(List.of(1), served);
    }

    @Test
    void aSubjectsRequestIsRunOnceMoreAfterAStaleTypeAnd409AfterTwo() {
        int[] attempts = {0};
        JsonObject done = Json.createObjectBuilder().add("records", 1).build();
        assertSame(done, DefaultDataSubjects.onCurrentTypes(() -> {
            if (attempts[0]++ == 0) {
                throw new StaleRecordType();
            }
            return done;
        }));
        assertEquals(2, attempts[0]);

        attempts[0] = 0;
        VelocityException e = assertThrows(VelocityException.class, () -> DefaultDataSubjects.onCurrentTypes(() -> {
            attempts[0]++;
            throw new StaleRecordType();
        }));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertEquals(2, attempts[0]);
    }

    private <T> Function<RecordType, T> work(Function<RecordType, T> attempt) {
        return type -> {
            served.add(type.generation());
            return attempt.apply(type);
        };
    }

    private static RecordType type(int generation) {
        return new RecordType(PATH, generation, List.of(), List.of(), 2, List.of());
    }

    /** The registry's answer: the type at {@code generation}. */
    private static final class Registry extends NoRecordTypes {
        int generation;

        @Override
        public Optional<RecordType> find(SchemaPath path) {
            return Optional.of(type(generation));
        }

        @Override
        public Optional<RecordType> cached(SchemaPath path) {
            return Optional.of(type(generation));
        }
    }
}
