package sh.velocity.compliance.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.compliance.api.AppliedPack;
import sh.velocity.compliance.api.CompliancePacks;
import sh.velocity.compliance.api.ControlResult;
import sh.velocity.compliance.api.PackView;
import sh.velocity.compliance.domain.packs.CompliancePack;
import sh.velocity.compliance.domain.packs.Control;
import sh.velocity.compliance.domain.packs.Finding;
import sh.velocity.compliance.domain.packs.PackJson;
import sh.velocity.compliance.domain.packs.PackParser;
import sh.velocity.compliance.domain.packs.PlatformSettings;
import sh.velocity.compliance.domain.packs.Waiver;
import sh.velocity.compliance.infrastructure.packs.JdbcPacks;
import sh.velocity.compliance.infrastructure.packs.JdbcPacks.StoredPack;
import sh.velocity.compliance.infrastructure.packs.JdbcWaivers;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.schema.api.PolicySubject;
import sh.velocity.schema.api.PolicySubjects;

/**
 * Enables, lists and disables packs, and reports schemas against them. A pack change and its audit
 * event commit together; the change counts for the next apply on every replica (packs are read per
 * apply).
 */
@ApplicationScoped
public class DefaultCompliancePacks implements CompliancePacks {

    @Inject
    PackCatalog catalog;

    @Inject
    JdbcPacks store;

    @Inject
    JdbcWaivers waivers;

    @Inject
    PlatformSettingsReader settings;

    @Inject
    PolicySubjects schemas;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Override
    @Transactional
    public AppliedPack apply(String manifestText) {
        authorizer.require(Verb.COMPLIANCE_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN,
                "compliance.pack.apply");
        CompliancePack pack = catalog.admit(manifestText);
        String json = PackJson.canonical(pack).toString();
        String hash = PackJson.specHash(pack);
        try {
            Optional<StoredPack> existing = store.find(pack.namespace(), pack.name(), true);
            int controls = pack.controls().size()
                    + (pack.builtin() == null ? 0 : catalog.shipped().get(pack.builtin()).controls().size());
            if (existing.isPresent() && existing.get().specHash().equals(hash)) {
                return new AppliedPack("unchanged", pack.namespace(), pack.name(), existing.get().generation(),
                        controls);
            }
            int generation = existing.map(p -> p.generation() + 1).orElse(1);
            if (existing.isEmpty()) {
                store.insert(pack.namespace(), pack.name(), json, hash, request.actor());
            } else {
                store.update(pack.namespace(), pack.name(), json, hash, generation, request.actor());
            }
            var payload = Jsonp.createObjectBuilder().add("namespace", pack.namespace()).add("name", pack.name())
                    .add("generation", generation).add("specHash", hash)
                    .add("controls", Jsonp.createArrayBuilder(pack.controls().stream().map(Control::id).toList()));
            if (pack.builtin() != null) {
                payload.add("builtin", pack.builtin());
            }
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, existing.isEmpty() ? "compliance.pack.create"
                    : "compliance.pack.change", resource(pack.namespace(), pack.name()), payload.build()));
            return new AppliedPack(existing.isEmpty() ? "created" : "changed", pack.namespace(), pack.name(),
                    generation, controls);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The compliance pack could not be stored.");
        }
    }

    @Override
    public List<PackView> enabled(String namespace) {
        read("compliance.pack.list");
        if (namespace != null) {
            requireName(namespace, "namespace");
        }
        return catalog.enabled(namespace).stream().map(e -> view(e.row(), e.manifest(), e.pack().pack())).toList();
    }

    @Override
    public List<PackView> shipped() {
        read("compliance.pack.list");
        return catalog.shipped().values().stream().map(p -> view(null, p, p)).toList();
    }

    @Override
    @Transactional
    public void disable(String namespace, String name) {
        authorizer.require(Verb.COMPLIANCE_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN,
                "compliance.pack.delete");
        requireName(namespace, "namespace");
        requireName(name, "name");
        try {
            if (!store.delete(namespace, name)) {
                throw new VelocityException(ErrorCode.NOT_FOUND, "No compliance pack " + namespace + "/" + name + ".");
            }
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The compliance pack could not be removed.");
        }
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "compliance.pack.delete", resource(namespace, name),
                Jsonp.createObjectBuilder().add("namespace", namespace).add("name", name).build()));
    }

    @Override
    @Transactional
    public List<ControlResult> results(String namespace) {
        read("compliance.results");
        if (namespace != null) {
            requireName(namespace, "namespace");
        }
        Map<String, List<PackCatalog.Enabled>> byNamespace = new LinkedHashMap<>();
        catalog.enabled(namespace).forEach(e -> byNamespace.computeIfAbsent(e.row().namespace(), k -> new ArrayList<>())
                .add(e));
        Instant now = Instant.now();
        List<ControlResult> out = new ArrayList<>();
        for (Map.Entry<String, List<PackCatalog.Enabled>> ns : byNamespace.entrySet()) {
            List<Waiver> active;
            try {
                active = waivers.active(ns.getKey());
            } catch (SQLException e) {
                throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The compliance waivers could not be read.");
            }
            PlatformSettings platform = settings.of(ns.getKey());
            for (PolicySubject schema : schemas.applied(ns.getKey())) {
                for (PackCatalog.Enabled pack : ns.getValue()) {
                    out.addAll(summarise(schema.schemaPath(),
                            catalog.judge().judge(pack.pack(), schema, platform, active, now)));
                }
            }
        }
        return out;
    }

    /** One result per control: the worst verdict over its findings (fail, waived, pass, not-applicable). */
    private static List<ControlResult> summarise(String schemaPath, List<Finding> findings) {
        Map<String, List<Finding>> byControl = new LinkedHashMap<>();
        findings.forEach(f -> byControl.computeIfAbsent(f.control().id(), k -> new ArrayList<>()).add(f));
        List<ControlResult> out = new ArrayList<>();
        for (List<Finding> fs : byControl.values()) {
            Finding.Status status = worst(fs);
            Control c = fs.get(0).control();
            List<String> fields = fs.stream().filter(f -> f.status() == status && f.field() != null
                    && (status == Finding.Status.FAIL || status == Finding.Status.WAIVED)).map(Finding::field).toList();
            LinkedHashSet<String> used = new LinkedHashSet<>();
            fs.stream().filter(f -> f.waiver() != null).forEach(f -> used.add(f.waiver()));
            String message = fs.stream().filter(f -> f.status() == status).map(Finding::message).findFirst()
                    .orElse(c.message());
            out.add(new ControlResult(schemaPath, fs.get(0).pack(), c.id(), c.title(), c.severity().manifestName(),
                    status.wire(), fields, message, List.copyOf(used)));
        }
        return out;
    }

    private static Finding.Status worst(List<Finding> findings) {
        for (Finding.Status s : List.of(Finding.Status.FAIL, Finding.Status.WAIVED, Finding.Status.PASS)) {
            if (findings.stream().anyMatch(f -> f.status() == s)) {
                return s;
            }
        }
        return Finding.Status.NOT_APPLICABLE;
    }

    private static PackView view(StoredPack row, CompliancePack manifest, CompliancePack resolved) {
        List<PackView.ControlView> controls = resolved.controls().stream()
                .map(c -> new PackView.ControlView(c.id(), c.title(), c.severity().manifestName(),
                        c.scope().manifestName(), c.when(), c.rule(), c.message())).toList();
        return new PackView(row == null ? null : row.namespace(), manifest.name(), manifest.builtin(),
                resolved.title(), resolved.description(), row == null ? 0 : row.generation(), controls,
                row == null ? null : row.updatedAt(), row == null ? null : row.updatedBy());
    }

    private void read(String operation) {
        authorizer.require(Verb.COMPLIANCE_READ, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, operation);
    }

    static void requireName(String value, String what) {
        if (value == null || !PackParser.NAME.matcher(value).matches()) {
            throw new VelocityException(ErrorCode.NOT_FOUND, "Not a " + what + ": it must match [a-z][a-z0-9-]{0,62}.");
        }
    }

    private static String resource(String namespace, String name) {
        return "compliance/packs/" + namespace + "/" + name;
    }
}
