package sh.velocity.compliance.domain.deployment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Item 13. Velocity's own listener: every container port, probe, Service port and webhook call must
 * reach the HTTPS port, and the plain-HTTP listener must stay off. Its outgoing connections: the
 * database's {@code sslmode}, Redis's scheme ({@code rediss://}) and the search engine's
 * ({@code https://}) must not be plain.
 */
final class InternalTlsCheck {

    private static final Set<String> PLAIN_SSLMODES = Set.of("disable", "allow", "prefer");
    private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

    private InternalTlsCheck() {
    }

    static ClusterFinding review(Deployed deployed) {
        Evidence evidence = new Evidence();
        if (deployed.velocity().isEmpty()) {
            evidence.broke("no workload in the manifests runs the Velocity image (an image named …/velocity), so "
                    + "nothing shows how the server is exposed");
        }
        for (PodTemplate pod : deployed.velocity()) {
            for (Container container : pod.containers()) {
                if (container.runsVelocity()) {
                    listener(container, evidence);
                    outgoing(container, evidence);
                    services(deployed, pod, container, evidence);
                }
            }
        }
        webhooks(deployed, evidence);
        commands(deployed, evidence);
        return evidence.finding(ClusterItem.INTERNAL_TLS);
    }

    private static void listener(Container container, Evidence evidence) {
        int https = Deployed.httpsPort(container);
        Optional<String> http = container.literalEnv("VELOCITY_HTTP_PORT");
        if (http.isPresent() && !http.get().trim().equals("-1")) {
            evidence.broke(container.where() + " sets VELOCITY_HTTP_PORT=" + http.get()
                    + ": a plain-HTTP listener beside HTTPS");
        } else if (container.setsEnv("VELOCITY_HTTP_PORT") && http.isEmpty()) {
            evidence.broke(container.where() + " takes VELOCITY_HTTP_PORT from a reference, so the manifests "
                    + "cannot show that plain HTTP is off");
        } else {
            evidence.saw(container.where() + ": plain HTTP off (VELOCITY_HTTP_PORT " + http.orElse("unset, default -1")
                    + "), HTTPS on " + https);
        }
        for (Object port : container.ports()) {
            String number = Nodes.text(port, "containerPort").orElse("?");
            if (!number.equals(String.valueOf(https))) {
                evidence.broke(container.where() + " exposes container port " + number
                        + Nodes.text(port, "name").map(n -> " (" + n + ")").orElse("")
                        + " besides the HTTPS port " + https);
            }
        }
        for (String probe : PROBES) {
            Object get = Nodes.at(container.body(), probe, "httpGet");
            if (get == null) {
                continue;
            }
            String scheme = Nodes.text(get, "scheme").orElse("HTTP").toUpperCase(Locale.ROOT);
            String path = Nodes.text(get, "path").orElse("/");
            String portText = Nodes.text(get, "port").orElse("?");
            Optional<Integer> port = container.resolvePort(portText);
            if (!scheme.equals("HTTPS")) {
                evidence.broke(container.where() + " " + probe + " GET " + path + " uses " + scheme + ", not HTTPS");
            } else if (port.isEmpty() || port.get() != https) {
                evidence.broke(container.where() + " " + probe + " GET " + path + " goes to port " + portText
                        + ", not the HTTPS port " + https);
            } else {
                evidence.saw(container.where() + " " + probe + ": HTTPS GET " + path + " on " + https);
            }
        }
        if (Nodes.at(container.body(), "readinessProbe") == null) {
            evidence.saw(container.where() + " has no readiness probe");
        }
    }

    private static void outgoing(Container container, Evidence evidence) {
        Optional<String> sslmode = container.literalEnv("VELOCITY_DB_SSLMODE");
        if (sslmode.isPresent() && PLAIN_SSLMODES.contains(sslmode.get().trim().toLowerCase(Locale.ROOT))) {
            evidence.broke(container.where() + " sets VELOCITY_DB_SSLMODE=" + sslmode.get()
                    + ": the database connection may be unencrypted");
        } else {
            evidence.saw(container.where() + ": PostgreSQL sslmode " + sslmode.orElse("unset (server default require)"));
        }
        Optional<String> redis = container.literalEnv("VELOCITY_REDIS_URL");
        if (redis.isEmpty() && !container.setsEnv("VELOCITY_REDIS_URL")) {
            evidence.broke(container.where() + " sets no VELOCITY_REDIS_URL: the default redis://127.0.0.1:6379 is "
                    + "plain");
        } else if (redis.isPresent() && !redis.get().trim().startsWith("rediss://")) {
            evidence.broke(container.where() + " connects to Redis without TLS (" + scheme(redis.get()) + ")");
        } else {
            evidence.saw(container.where() + ": Redis " + redis.map(InternalTlsCheck::scheme).orElse("URL from a reference"));
        }
        Optional<String> search = container.literalEnv("VELOCITY_SEARCH_URL");
        if (search.isPresent() && search.get().trim().startsWith("http://")) {
            evidence.broke(container.where() + " connects to the search engine without TLS (http://)");
        } else {
            evidence.saw(container.where() + ": search engine " + search.map(InternalTlsCheck::scheme)
                    .orElse(container.setsEnv("VELOCITY_SEARCH_URL") ? "URL from a reference" : "not configured (tier 2 only)"));
        }
    }

    /** The scheme only ({@code rediss://}): a URL may carry a password, which evidence never shows. */
    private static String scheme(String url) {
        int colon = url.indexOf("://");
        return colon < 0 ? "a URL without a scheme" : url.trim().substring(0, colon) + "://";
    }

    private static void services(Deployed deployed, PodTemplate pod, Container container, Evidence evidence) {
        int https = Deployed.httpsPort(container);
        List<KubeObject> services = deployed.servicesOf(pod);
        if (services.isEmpty()) {
            evidence.saw("no Service selects the pods of " + pod.owner().where());
        }
        for (KubeObject service : services) {
            for (Object port : Nodes.list(service.body(), "spec", "ports")) {
                String published = Nodes.text(port, "port").orElse("?");
                String target = Nodes.text(port, "targetPort").orElse(published);
                Optional<Integer> resolved = container.resolvePort(target);
                if (resolved.isEmpty() || resolved.get() != https) {
                    evidence.broke(service.where() + " port " + published + " forwards to " + target
                            + ", not the HTTPS port " + https);
                } else {
                    evidence.saw(service.where() + " port " + published + " forwards to " + target + " (HTTPS " + https + ")");
                }
            }
        }
    }

    private static void webhooks(Deployed deployed, Evidence evidence) {
        List<KubeObject> configurations = deployed.manifests().objects().stream()
                .filter(o -> o.is("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")
                        || o.is("admissionregistration.k8s.io", "MutatingWebhookConfiguration"))
                .toList();
        for (KubeObject configuration : configurations) {
            for (Object webhook : Nodes.list(configuration.body(), "webhooks")) {
                String who = configuration.file() + ": " + configuration.clusterRef() + " webhook "
                        + Nodes.text(webhook, "name").orElse("(unnamed)");
                Optional<String> url = Nodes.text(webhook, "clientConfig", "url");
                if (url.isPresent()) {
                    if (!url.get().startsWith("https://")) {
                        evidence.broke(who + " calls " + scheme(url.get()) + ", not HTTPS");
                    }
                    continue;
                }
                String namespace = Nodes.text(webhook, "clientConfig", "service", "namespace").orElse("?");
                String name = Nodes.text(webhook, "clientConfig", "service", "name").orElse("?");
                String port = Nodes.text(webhook, "clientConfig", "service", "port").orElse("443");
                Optional<KubeObject> service = deployed.services().stream()
                        .filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst();
                if (service.isEmpty()) {
                    evidence.broke(who + " calls Service " + namespace + "/" + name + ", which the manifests do not define");
                } else if (Nodes.list(service.get().body(), "spec", "ports").stream()
                        .noneMatch(p -> port.equals(Nodes.text(p, "port").orElse(null)))) {
                    evidence.broke(who + " calls port " + port + " of Service " + namespace + "/" + name
                            + ", which has no such port");
                } else {
                    evidence.saw(who + " calls Service " + namespace + "/" + name + " port " + port
                            + " (the API server calls webhooks over HTTPS only)");
                }
            }
        }
    }

    private static void commands(Deployed deployed, Evidence evidence) {
        String ns = deployed.namespace();
        evidence.command("kubectl -n " + ns + " get service " + deployed.service()
                + " -o jsonpath='{range .spec.ports[*]}{.port} -> {.targetPort}{\"\\n\"}{end}'");
        evidence.command("kubectl -n " + ns + " get " + deployed.workload() + " -o jsonpath='{range "
                + ".spec.template.spec.containers[*]}{.name}: ports={.ports[*].containerPort} "
                + "readiness={.readinessProbe.httpGet.scheme} liveness={.livenessProbe.httpGet.scheme}{\"\\n\"}{end}'");
        deployed.postgres().ifPresent(pg -> evidence.command("kubectl -n " + pg.namespace() + " exec \"$(kubectl -n "
                + pg.namespace() + " get pods -l cnpg.io/cluster=" + pg.name() + ",cnpg.io/instanceRole=primary -o name)\""
                + " -c postgres -- psql -d velocity -Atc \"SELECT count(*) FILTER (WHERE NOT s.ssl) AS plain, count(*) "
                + "FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'velocity'\""
                + "   # expected: 0|<connections>"));
    }
}
