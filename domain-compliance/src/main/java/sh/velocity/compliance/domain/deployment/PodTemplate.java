package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod a workload runs: a Pod itself, or the template of a Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job or CronJob. Pod security and the Velocity-specific checks look at these, whatever
 * kind of workload carries them.
 */
record PodTemplate(KubeObject owner, Map<?, ?> spec, Map<String, String> labels) {

    static List<PodTemplate> in(ManifestSet manifests) {
        List<PodTemplate> templates = new ArrayList<>();
        for (KubeObject object : manifests.objects()) {
            switch (object.kind()) {
                case "Pod" -> templates.add(new PodTemplate(object, Nodes.map(object.body(), "spec"),
                        Nodes.strings(object.body(), "metadata", "labels")));
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> templates.add(new PodTemplate(
                        object, Nodes.map(object.body(), "spec", "template", "spec"),
                        Nodes.strings(object.body(), "spec", "template", "metadata", "labels")));
                case "CronJob" -> templates.add(new PodTemplate(object,
                        Nodes.map(object.body(), "spec", "jobTemplate", "spec", "template", "spec"),
                        Nodes.strings(object.body(), "spec", "jobTemplate", "spec", "template", "metadata", "labels")));
                default -> {
                    // not a workload
                }
            }
        }
        return templates;
    }

    String namespace() {
        return owner.namespace();
    }

    List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (Object c : Nodes.list(spec, "initContainers")) {
            containers.add(new Container(this, Nodes.text(c, "name").orElse("(unnamed)"), true, Nodes.map(c)));
        }
        for (Object c : Nodes.list(spec, "containers")) {
            containers.add(new Container(this, Nodes.text(c, "name").orElse("(unnamed)"), false, Nodes.map(c)));
        }
        return containers;
    }

    boolean runsVelocity() {
        return containers().stream().anyMatch(Container::runsVelocity);
    }

    Map<?, ?> securityContext() {
        return Nodes.map(spec, "securityContext");
    }
}
