package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Item 15. Two layers, both required: the namespace enforces the "restricted" Pod Security Standard
 * (so the API server refuses a pod that breaks it, whoever creates it), and every container of
 * every workload in the manifests says for itself that it runs as non-root without privilege
 * escalation, with all capabilities dropped, a seccomp profile and a read-only root filesystem (the
 * seed's policy), a container's setting taking precedence over its pod's.
 */
final class PodSecurityCheck {

    static final String ENFORCE = "pod-security.kubernetes.io/enforce";
    private static final Set<String> SECCOMP_OK = Set.of("RuntimeDefault", "Localhost");

    private PodSecurityCheck() {
    }

    static ClusterFinding review(Deployed deployed) {
        Evidence evidence = new Evidence();
        Set<String> namespaces = new LinkedHashSet<>();
        deployed.templates().forEach(t -> namespaces.add(t.namespace()));
        deployed.postgresClusters().forEach(c -> namespaces.add(c.namespace()));
        if (deployed.templates().isEmpty()) {
            evidence.broke("the manifests define no workload, so no container's security context can be checked");
        }
        for (String namespace : namespaces) {
            admission(deployed.manifests(), namespace, evidence);
        }
        for (PodTemplate pod : deployed.templates()) {
            host(pod, evidence);
            for (Container container : pod.containers()) {
                container(pod, container, evidence);
            }
        }
        for (KubeObject cluster : deployed.postgresClusters()) {
            evidence.saw(cluster.where() + ": its pods are made by CloudNativePG (non-root, no privilege escalation, "
                    + "capabilities dropped, RuntimeDefault seccomp); the namespace's enforcement refuses them otherwise");
        }
        String ns = deployed.namespace();
        evidence.command("kubectl get namespace " + ns + " -L " + ENFORCE + "   # expected: restricted");
        evidence.command("kubectl label --dry-run=server --overwrite namespace " + ns + " " + ENFORCE
                + "=restricted   # expected: no warning (every running pod meets the restricted profile)");
        evidence.command("kubectl -n " + ns + " get pods -o jsonpath='{range .items[*]}{.metadata.name} "
                + "runAsNonRoot={.spec.securityContext.runAsNonRoot} {range .spec.containers[*]}{.name}:"
                + "runAsNonRoot={.securityContext.runAsNonRoot},allowPrivilegeEscalation="
                + "{.securityContext.allowPrivilegeEscalation},readOnlyRootFilesystem="
                + "{.securityContext.readOnlyRootFilesystem} {end}{\"\\n\"}{end}'");
        return evidence.finding(ClusterItem.POD_SECURITY);
    }

    private static void admission(ManifestSet manifests, String namespace, Evidence evidence) {
        Optional<KubeObject> object = manifests.of("", "Namespace").filter(n -> n.name().equals(namespace)).findFirst();
        if (object.isEmpty()) {
            evidence.broke("namespace " + namespace + " is not defined in the manifests, so nothing sets its "
                    + ENFORCE + " label");
            return;
        }
        Map<String, String> labels = Nodes.strings(object.get().body(), "metadata", "labels");
        String enforce = labels.get(ENFORCE);
        if (!"restricted".equals(enforce)) {
            evidence.broke(object.get().file() + ": " + object.get().clusterRef() + " has " + ENFORCE + "="
                    + (enforce == null ? "(not set)" : enforce) + ", not restricted");
        } else {
            evidence.saw(object.get().file() + ": " + object.get().clusterRef() + " enforces restricted (audit "
                    + labels.getOrDefault("pod-security.kubernetes.io/audit", "not set") + ", warn "
                    + labels.getOrDefault("pod-security.kubernetes.io/warn", "not set") + ")");
        }
    }

    private static void host(PodTemplate pod, Evidence evidence) {
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Nodes.isTrue(pod.spec(), field)) {
                evidence.broke(pod.owner().where() + " sets " + field + ": true");
            }
        }
        for (Object volume : Nodes.list(pod.spec(), "volumes")) {
            if (Nodes.at(volume, "hostPath") != null) {
                evidence.broke(pod.owner().where() + " mounts hostPath volume " + Nodes.text(volume, "name").orElse("?"));
            }
        }
    }

    private static void container(PodTemplate pod, Container container, Evidence evidence) {
        Map<?, ?> own = container.securityContext();
        Map<?, ?> shared = pod.securityContext();
        List<String> problems = new ArrayList<>();
        List<String> good = new ArrayList<>();

        Optional<String> nonRoot = Nodes.text(own, "runAsNonRoot").or(() -> Nodes.text(shared, "runAsNonRoot"));
        if (nonRoot.isEmpty()) {
            problems.add("no runAsNonRoot (neither the container nor the pod sets it)");
        } else if (!nonRoot.get().equalsIgnoreCase("true")) {
            problems.add("runAsNonRoot " + nonRoot.get());
        } else {
            good.add("runAsNonRoot");
        }
        Optional<String> user = Nodes.text(own, "runAsUser").or(() -> Nodes.text(shared, "runAsUser"));
        if (user.isPresent() && user.get().trim().equals("0")) {
            problems.add("runAsUser 0 (root)");
        } else {
            good.add("runAsUser " + user.orElse("from the image"));
        }
        Optional<String> escalation = Nodes.text(own, "allowPrivilegeEscalation");
        if (escalation.isEmpty() || !escalation.get().equalsIgnoreCase("false")) {
            problems.add("allowPrivilegeEscalation " + escalation.orElse("not set (defaults to true)"));
        } else {
            good.add("allowPrivilegeEscalation false");
        }
        if (Nodes.isTrue(own, "privileged")) {
            problems.add("privileged true");
        }
        List<String> dropped = Nodes.list(own, "capabilities", "drop").stream()
                .map(c -> String.valueOf(c).toUpperCase(Locale.ROOT)).toList();
        List<String> added = Nodes.list(own, "capabilities", "add").stream()
                .map(c -> String.valueOf(c).toUpperCase(Locale.ROOT)).filter(c -> !c.equals("NET_BIND_SERVICE")).toList();
        if (!dropped.contains("ALL")) {
            problems.add("capabilities not dropped (no drop: [ALL])");
        } else if (!added.isEmpty()) {
            problems.add("capabilities added " + added);
        } else {
            good.add("capabilities drop ALL");
        }
        Optional<String> seccomp = Nodes.text(own, "seccompProfile", "type").or(() -> Nodes.text(shared, "seccompProfile", "type"));
        if (seccomp.isEmpty() || !SECCOMP_OK.contains(seccomp.get())) {
            problems.add("seccompProfile " + seccomp.orElse("not set"));
        } else {
            good.add("seccomp " + seccomp.get());
        }
        if (!Nodes.isTrue(own, "readOnlyRootFilesystem")) {
            problems.add("root filesystem writable (readOnlyRootFilesystem not true)");
        } else {
            good.add("readOnlyRootFilesystem");
        }
        if (problems.isEmpty()) {
            evidence.saw(container.where() + ": " + String.join(", ", good));
        } else {
            evidence.broke(container.where() + ": " + String.join("; ", problems));
        }
    }
}
