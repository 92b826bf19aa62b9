package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * Item 18. The server counts tampered audit chains in the gauge
 * {@code velocity_audit_tampering_detected}; monitoring is configured when a Prometheus Operator rule
 * alerts on it, and alerting can work only when something scrapes the Velocity pods (a ServiceMonitor
 * selecting their Service, or a PodMonitor selecting them).
 */
final class AuditAlertingCheck {

    static final String GAUGE = "velocity_audit_tampering_detected";

    private AuditAlertingCheck() {
    }

    static ClusterFinding review(Deployed deployed) {
        Evidence evidence = new Evidence();
        ManifestSet manifests = deployed.manifests();
        List<KubeObject> ruleObjects = manifests.of("monitoring.coreos.com", "PrometheusRule").toList();
        List<String> tampering = new ArrayList<>();
        List<String> others = new ArrayList<>();
        KubeObject tamperingRules = null;
        String tamperingAlert = GAUGE;
        for (KubeObject rules : ruleObjects) {
            for (Object group : Nodes.list(rules.body(), "spec", "groups")) {
                for (Object rule : Nodes.list(group, "rules")) {
                    String alert = Nodes.text(rule, "alert").orElse(null);
                    String expr = Nodes.text(rule, "expr").orElse("");
                    if (alert == null) {
                        continue;
                    }
                    if (expr.contains(GAUGE)) {
                        tampering.add(rules.where() + " alerts " + alert + " on " + expr.trim()
                                + Nodes.text(rule, "for").map(f -> " for " + f).orElse("")
                                + Nodes.text(rule, "labels", "severity").map(s -> ", severity " + s).orElse(""));
                        tamperingRules = rules;
                        tamperingAlert = alert;
                    } else {
                        others.add(alert);
                    }
                }
            }
        }
        if (tampering.isEmpty()) {
            evidence.broke("no PrometheusRule in the manifests alerts on " + GAUGE + (ruleObjects.isEmpty()
                    ? " (there is no PrometheusRule at all)" : " (rules seen: " + String.join(", ", others) + ")"));
        }
        tampering.forEach(evidence::saw);
        if (!others.isEmpty()) {
            evidence.saw("other alerts: " + String.join(", ", others));
        }
        scraping(deployed, evidence);
        String ns = deployed.namespace();
        if (tamperingRules != null) {
            evidence.command("kubectl -n " + tamperingRules.namespace() + " get prometheusrule " + tamperingRules.name()
                    + " -o jsonpath='{.spec.groups[*].rules[*].alert}'");
        } else {
            evidence.command("kubectl get prometheusrules -A");
        }
        evidence.command("kubectl -n monitoring port-forward svc/prometheus-operated 9090:9090 &  curl -s "
                + "http://127.0.0.1:9090/api/v1/rules | grep -o '" + tamperingAlert + "' | head -1   # expected: the rule is loaded");
        evidence.command("curl -s 'http://127.0.0.1:9090/api/v1/query?query=" + GAUGE + "{namespace=\"" + ns + "\"}'"
                + "   # expected: one series per replica, value 0");
        return evidence.finding(ClusterItem.AUDIT_ALERTING);
    }

    private static void scraping(Deployed deployed, Evidence evidence) {
        if (deployed.velocity().isEmpty()) {
            evidence.broke("no workload runs the Velocity image, so nothing exports " + GAUGE);
            return;
        }
        List<String> scrapers = new ArrayList<>();
        for (PodTemplate pod : deployed.velocity()) {
            for (KubeObject monitor : deployed.manifests().of("monitoring.coreos.com", "ServiceMonitor").toList()) {
                for (KubeObject service : deployed.servicesOf(pod)) {
                    if (watches(monitor, service.namespace())
                            && Selectors.labelSelectorMatches(Nodes.map(monitor.body(), "spec", "selector"),
                            Nodes.strings(service.body(), "metadata", "labels"))) {
                        scrapers.add(monitor.where() + " scrapes " + service.ref());
                    }
                }
            }
            for (KubeObject monitor : deployed.manifests().of("monitoring.coreos.com", "PodMonitor").toList()) {
                if (watches(monitor, pod.namespace())
                        && Selectors.labelSelectorMatches(Nodes.map(monitor.body(), "spec", "selector"), pod.labels())) {
                    scrapers.add(monitor.where() + " scrapes the pods of " + pod.owner().ref());
                }
            }
        }
        if (scrapers.isEmpty()) {
            evidence.broke("no ServiceMonitor or PodMonitor selects the Velocity pods or their Service, so Prometheus "
                    + "never reads " + GAUGE + " and no alert on it can fire");
        }
        scrapers.forEach(evidence::saw);
    }

    private static boolean watches(KubeObject monitor, String namespace) {
        Object selector = Nodes.at(monitor.body(), "spec", "namespaceSelector");
        if (selector == null) {
            return monitor.namespace().equals(namespace);
        }
        if (Nodes.isTrue(selector, "any")) {
            return true;
        }
        return Nodes.list(selector, "matchNames").stream().map(String::valueOf).anyMatch(namespace::equals);
    }
}
