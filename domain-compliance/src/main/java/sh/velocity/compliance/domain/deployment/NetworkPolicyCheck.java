package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Item 14. Every namespace the manifests run pods in needs a default-deny policy for ingress and for
 * egress (a NetworkPolicy selecting all pods, with the type and no rule of it); every other policy's
 * rules must name their ports, and ingress rules their sources, so that what is open is an explicit
 * list. Velocity's pods may be reached on their HTTPS port only.
 */
final class NetworkPolicyCheck {

    private NetworkPolicyCheck() {
    }

    static ClusterFinding review(Deployed deployed) {
        Evidence evidence = new Evidence();
        List<KubeObject> policies = deployed.manifests().of("networking.k8s.io", "NetworkPolicy").toList();
        Set<String> namespaces = new LinkedHashSet<>();
        deployed.templates().forEach(t -> namespaces.add(t.namespace()));
        deployed.postgresClusters().forEach(c -> namespaces.add(c.namespace()));
        if (namespaces.isEmpty()) {
            policies.forEach(p -> namespaces.add(p.namespace()));
        }
        if (namespaces.isEmpty()) {
            evidence.broke("the manifests define no workload and no NetworkPolicy");
        }
        for (String namespace : namespaces) {
            defaultDeny(namespace, policies, "Ingress", evidence);
            defaultDeny(namespace, policies, "Egress", evidence);
        }
        for (KubeObject policy : policies) {
            rules(policy, evidence);
        }
        velocityIngress(deployed, policies, evidence);
        String ns = deployed.namespace();
        evidence.command("kubectl -n " + ns + " get networkpolicy");
        policies.stream().filter(NetworkPolicyCheck::isDefaultDenyOfBoth).findFirst().ifPresent(p ->
                evidence.command("kubectl -n " + p.namespace() + " get networkpolicy " + p.name()
                        + " -o jsonpath='{.spec.podSelector} {.spec.policyTypes} {.spec.ingress} {.spec.egress}'"
                        + "   # expected: {} [\"Ingress\",\"Egress\"] with no rules"));
        evidence.command("kubectl -n " + ns + " exec " + deployed.workload() + " -- bash -c 'timeout 5 bash -c "
                + "\"</dev/tcp/kubernetes.default.svc/443\" && echo OPEN || echo BLOCKED'"
                + "   # expected: BLOCKED (the network plugin enforces the egress policy)");
        return evidence.finding(ClusterItem.NETWORK_POLICIES);
    }

    private static List<String> types(KubeObject policy) {
        List<String> declared = Nodes.list(policy.body(), "spec", "policyTypes").stream().map(String::valueOf).toList();
        if (!declared.isEmpty()) {
            return declared;
        }
        List<String> implied = new ArrayList<>(List.of("Ingress"));
        if (Nodes.at(policy.body(), "spec", "egress") != null) {
            implied.add("Egress");
        }
        return implied;
    }

    private static boolean isDefaultDeny(KubeObject policy, String type) {
        return Selectors.selectsEverything(Nodes.map(policy.body(), "spec", "podSelector"))
                && types(policy).contains(type)
                && Nodes.list(policy.body(), "spec", type.toLowerCase()).isEmpty();
    }

    private static boolean isDefaultDenyOfBoth(KubeObject policy) {
        return isDefaultDeny(policy, "Ingress") && isDefaultDeny(policy, "Egress");
    }

    private static void defaultDeny(String namespace, List<KubeObject> policies, String type, Evidence evidence) {
        List<KubeObject> denying = policies.stream()
                .filter(p -> p.namespace().equals(namespace) && isDefaultDeny(p, type)).toList();
        if (denying.isEmpty()) {
            evidence.broke("namespace " + namespace + " has no default-deny " + type.toLowerCase()
                    + " policy (a NetworkPolicy with podSelector {} and policyTypes " + type + " but no "
                    + type.toLowerCase() + " rule): its pods' " + type.toLowerCase() + " is open except where "
                    + "another policy selects them");
        } else {
            evidence.saw(denying.get(0).where() + " denies all " + type.toLowerCase() + " in namespace " + namespace);
        }
    }

    private static void rules(KubeObject policy, Evidence evidence) {
        String selected = Selectors.describe(Nodes.map(policy.body(), "spec", "podSelector"));
        List<String> summary = new ArrayList<>();
        int index = 0;
        for (Object rule : Nodes.list(policy.body(), "spec", "ingress")) {
            index++;
            List<?> from = Nodes.list(rule, "from");
            if (from.isEmpty() || from.stream().anyMatch(NetworkPolicyCheck::isAnywhere)) {
                evidence.broke(policy.where() + " ingress rule " + index + " admits traffic from every source");
            }
            if (Nodes.list(rule, "ports").isEmpty()) {
                evidence.broke(policy.where() + " ingress rule " + index + " admits every port");
            }
            summary.add("in " + ports(rule));
        }
        index = 0;
        for (Object rule : Nodes.list(policy.body(), "spec", "egress")) {
            index++;
            if (Nodes.list(rule, "ports").isEmpty()) {
                evidence.broke(policy.where() + " egress rule " + index + " allows every port");
            }
            summary.add("out " + ports(rule));
        }
        if (!summary.isEmpty()) {
            evidence.saw(policy.where() + " (" + selected + "): " + String.join("; ", summary));
        }
    }

    /** An empty peer, or an ipBlock of the whole IPv4 or IPv6 space without exceptions. */
    private static boolean isAnywhere(Object peer) {
        if (peer instanceof Map<?, ?> map && map.isEmpty()) {
            return true;
        }
        String cidr = Nodes.text(peer, "ipBlock", "cidr").orElse("");
        return (cidr.equals("0.0.0.0/0") || cidr.equals("::/0")) && Nodes.list(peer, "ipBlock", "except").isEmpty();
    }

    private static String ports(Object rule) {
        List<?> ports = Nodes.list(rule, "ports");
        if (ports.isEmpty()) {
            return "all ports";
        }
        return ports.stream().map(p -> Nodes.text(p, "protocol").orElse("TCP") + " " + Nodes.text(p, "port").orElse("all"))
                .collect(Collectors.joining(", "));
    }

    private static void velocityIngress(Deployed deployed, List<KubeObject> policies, Evidence evidence) {
        for (PodTemplate pod : deployed.velocity()) {
            Set<String> allowed = pod.containers().stream().filter(Container::runsVelocity)
                    .map(c -> String.valueOf(Deployed.httpsPort(c))).collect(Collectors.toSet());
            allowed.add("https");
            for (KubeObject policy : policies) {
                if (!policy.namespace().equals(pod.namespace())
                        || !Selectors.labelSelectorMatches(Nodes.map(policy.body(), "spec", "podSelector"), pod.labels())
                        || !types(policy).contains("Ingress")) {
                    continue;
                }
                for (Object rule : Nodes.list(policy.body(), "spec", "ingress")) {
                    for (Object port : Nodes.list(rule, "ports")) {
                        String number = Nodes.text(port, "port").orElse("all");
                        if (!allowed.contains(number)) {
                            evidence.broke(policy.where() + " admits port " + number + " to the Velocity pods of "
                                    + pod.owner().ref() + ", which serve HTTPS on " + allowed.stream()
                                    .filter(a -> !a.equals("https")).findFirst().orElse("9443") + " only");
                        }
                    }
                }
            }
        }
    }
}
