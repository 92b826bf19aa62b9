package sh.velocity.compliance.domain.packs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sh.velocity.schema.api.PolicySubject;

/** Builds policy subjects for tests: {@code Subjects.schema("acme/pay/cards/card/v1").field(...).build()}. */
final class Subjects {

    private final String path;
    private final List<PolicySubject.Field> fields = new ArrayList<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<String> search = new ArrayList<>();

    private Subjects(String path) {
        this.path = path;
    }

    static Subjects schema(String path) {
        return new Subjects(path);
    }

    /** A plain string field. */
    Subjects plain(String name) {
        return field(name, "none", null, 0, false);
    }

    /** A string field with a sensitivity and a declared masking (null: none declared). */
    Subjects field(String name, String sensitivity, String masking, int visible, boolean subject) {
        String effective = masking != null ? masking : sensitivity.equals("none") ? null : "full";
        fields.add(new PolicySubject.Field(name, "string", 64, false, sensitivity, masking, visible, effective, subject));
        return this;
    }

    Subjects annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    PolicySubject build() {
        return new PolicySubject(path, annotations, fields, List.of(), 2, search);
    }
}
