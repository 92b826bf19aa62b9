package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.api.DataSubjects;

/**
 * Export and erasure of a data subject's records, each in one transaction ({@link SubjectTransactions}).
 * When a record type changed between the registry's answer and the type's read, the transaction
 * rolled back with nothing returned, erased or audited, and it runs again on the types as they are
 * now; a second change in that window answers 409.
 */
@ApplicationScoped
public class DefaultDataSubjects implements DataSubjects {

    @Inject
    SubjectTransactions transactions;

    @Override
    public JsonObject export(String subject) {
        requireSubject(subject);
        return onCurrentTypes(() -> transactions.export(subject));
    }

    @Override
    public JsonObject erase(String subject) {
        requireSubject(subject);
        return onCurrentTypes(() -> transactions.erase(subject));
    }

    static JsonObject onCurrentTypes(Supplier<JsonObject> work) {
        try {
            return work.get();
        } catch (StaleRecordType e) {
            try {
                return work.get();
            } catch (StaleRecordType again) {
                throw new VelocityException(ErrorCode.CONFLICT, "A record type changed twice while the subject's "
                        + "records were read. Nothing was exported or erased; send it again.");
            }
        }
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > 1024) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "Name the subject: 1 to 1024 characters.",
                    List.of(new FieldError("subject", "1 to 1024 characters")));
        }
    }
}
