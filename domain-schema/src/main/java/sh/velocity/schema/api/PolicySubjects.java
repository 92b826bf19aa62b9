package sh.velocity.schema.api;

import java.util.List;

/** The applied schemas of an organisation as policies see them, for reports over what exists. */
public interface PolicySubjects {

    /** Every applied schema of {@code namespace}, by path. */
    List<PolicySubject> applied(String namespace);
}
