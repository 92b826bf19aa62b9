package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.PolicySubject;
import sh.velocity.schema.api.PolicySubjects;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry;

/** The applied schemas of a namespace from the registry, parsed as policies see them. */
@ApplicationScoped
public class RegistryPolicySubjects implements PolicySubjects {

    private final ManifestParser parser = new ManifestParser();

    @Inject
    JdbcSchemaRegistry registry;

    @Override
    public List<PolicySubject> applied(String namespace) {
        try {
            List<PolicySubject> out = new ArrayList<>();
            for (String manifest : registry.manifestsIn(namespace)) {
                out.add(PolicyGate.subject(parser.parse(manifest)));
            }
            return out;
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }
}
