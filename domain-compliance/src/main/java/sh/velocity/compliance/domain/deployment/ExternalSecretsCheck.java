package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Item 16. No secret value may be in the repository: no {@code Secret} with {@code data} or
 * {@code stringData}, no literal password-like environment variable, no password-like ConfigMap
 * key. Secrets must come from an external manager: the manifests hold an ExternalSecret or a
 * SealedSecret, and every Secret an object reads is written by one of those (or by cert-manager, for
 * certificates). Values are never printed, only names and keys.
 */
final class ExternalSecretsCheck {

    private static final Set<String> PRODUCER_KINDS = Set.of("ExternalSecret", "SealedSecret", "SecretStore",
            "ClusterSecretStore", "ClusterExternalSecret");

    private ExternalSecretsCheck() {
    }

    static ClusterFinding review(Deployed deployed) {
        Evidence evidence = new Evidence();
        ManifestSet manifests = deployed.manifests();
        manifests.of("", "Secret").forEach(secret -> inlineSecret(secret, evidence));
        Map<String, String> producers = producers(manifests, evidence);
        if (manifests.ofKind("ExternalSecret").findAny().isEmpty() && manifests.ofKind("SealedSecret").findAny().isEmpty()) {
            evidence.broke("the manifests hold no ExternalSecret and no SealedSecret: nothing brings secrets from an "
                    + "external manager");
        }
        for (PodTemplate pod : deployed.templates()) {
            for (Container container : pod.containers()) {
                literalEnv(container, evidence);
            }
        }
        manifests.of("", "ConfigMap").forEach(map -> configMap(map, evidence));
        for (KubeObject object : manifests.objects()) {
            if (PRODUCER_KINDS.contains(object.kind()) || object.is("", "Secret")) {
                continue;
            }
            Set<String> read = new TreeSet<>();
            references(object.body(), null, read);
            List<String> sources = new ArrayList<>();
            for (String name : read) {
                String producer = producers.get(object.namespace() + "/" + name);
                if (producer == null) {
                    evidence.broke(object.where() + " reads Secret " + name + ", which no ExternalSecret, SealedSecret "
                            + "or cert-manager Certificate in the manifests writes");
                } else {
                    sources.add(name + " (" + producer + ")");
                }
            }
            if (!sources.isEmpty()) {
                evidence.saw(object.where() + " reads Secrets " + String.join(", ", sources));
            }
        }
        String ns = deployed.namespace();
        evidence.command("kubectl -n " + ns + " get externalsecrets   # expected: every one SecretSynced, READY True");
        manifests.ofKind("ClusterSecretStore").findFirst().ifPresent(store ->
                evidence.command("kubectl get clustersecretstore " + store.name() + "   # expected: Valid, READY True"));
        evidence.command("kubectl -n " + ns + " get secrets -o custom-columns=NAME:.metadata.name,TYPE:.type,"
                + "OWNER:.metadata.ownerReferences[*].kind   # expected: every Secret owned by an ExternalSecret, "
                + "a Certificate or the CloudNativePG Cluster, or a service-account token");
        return evidence.finding(ClusterItem.EXTERNAL_SECRETS);
    }

    private static void inlineSecret(KubeObject secret, Evidence evidence) {
        Set<String> keys = new TreeSet<>();
        Nodes.map(secret.body(), "data").keySet().forEach(k -> keys.add(String.valueOf(k)));
        Nodes.map(secret.body(), "stringData").keySet().forEach(k -> keys.add(String.valueOf(k)));
        if (!keys.isEmpty()) {
            evidence.broke(secret.where() + " holds secret data in the repository (keys " + String.join(", ", keys) + ")");
        } else {
            evidence.saw(secret.where() + " carries no data");
        }
    }

    /** {@code namespace/secret name} → what writes it, e.g. {@code ExternalSecret velocity-api-secrets}. */
    private static Map<String, String> producers(ManifestSet manifests, Evidence evidence) {
        Map<String, String> producers = new LinkedHashMap<>();
        manifests.of("external-secrets.io", "ExternalSecret").forEach(es -> {
            String target = Nodes.text(es.body(), "spec", "target", "name").orElse(es.name());
            producers.put(es.namespace() + "/" + target, "ExternalSecret " + es.name());
            String store = Nodes.text(es.body(), "spec", "secretStoreRef", "kind").orElse("SecretStore") + " "
                    + Nodes.text(es.body(), "spec", "secretStoreRef", "name").orElse("?");
            List<String> keys = Nodes.list(es.body(), "spec", "data").stream()
                    .map(d -> Nodes.text(d, "secretKey").orElse("?")).toList();
            evidence.saw(es.where() + " writes Secret " + target + " from " + store
                    + (keys.isEmpty() ? "" : " (keys " + String.join(", ", keys) + ")"));
        });
        manifests.of("bitnami.com", "SealedSecret").forEach(sealed -> {
            String target = Nodes.text(sealed.body(), "spec", "template", "metadata", "name").orElse(sealed.name());
            producers.put(sealed.namespace() + "/" + target, "SealedSecret " + sealed.name());
            evidence.saw(sealed.where() + " writes Secret " + target + " from its sealed data");
        });
        manifests.of("cert-manager.io", "Certificate").forEach(cert -> Nodes.text(cert.body(), "spec", "secretName")
                .ifPresent(name -> producers.put(cert.namespace() + "/" + name, "Certificate " + cert.name())));
        manifests.of("external-secrets.io", "ClusterSecretStore").forEach(store -> evidence.saw(store.file() + ": "
                + store.clusterRef() + " reads from " + provider(store)));
        manifests.of("external-secrets.io", "SecretStore").forEach(store -> evidence.saw(store.where()
                + " reads from " + provider(store)));
        return producers;
    }

    private static String provider(KubeObject store) {
        Map<?, ?> provider = Nodes.map(store.body(), "spec", "provider");
        if (provider.isEmpty()) {
            return "no provider";
        }
        Object name = provider.keySet().iterator().next();
        String service = Nodes.text(provider, String.valueOf(name), "service").map(s -> " " + s).orElse("");
        return name + service;
    }

    private static void literalEnv(Container container, Evidence evidence) {
        for (Object variable : container.env()) {
            String name = Nodes.text(variable, "name").orElse("");
            Nodes.text(variable, "value").filter(value -> SecretNames.looksSecret(name, value)).ifPresent(value ->
                    evidence.broke(container.where() + " sets " + name + " to a literal value; take it from a Secret "
                            + "(valueFrom.secretKeyRef) that an external manager writes"));
        }
    }

    private static void configMap(KubeObject map, Evidence evidence) {
        Nodes.map(map.body(), "data").forEach((key, value) -> {
            if (value != null && SecretNames.looksSecret(String.valueOf(key), String.valueOf(value))) {
                evidence.broke(map.where() + " holds " + key + ", which looks like a secret, in plain configuration");
            }
        });
    }

    /**
     * The names of the Secrets a manifest reads: {@code secretKeyRef}, {@code secretRef},
     * {@code passwordSecretRef}, a {@code secret} volume or reference ({@code secretName} or
     * {@code name}), and CloudNativePG's {@code s3Credentials}.
     */
    private static void references(Object node, String key, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            if (key != null) {
                switch (key) {
                    case "secretKeyRef", "secretRef", "passwordSecretRef" ->
                            Nodes.text(map, "name").ifPresent(into::add);
                    case "secret" -> Nodes.text(map, "secretName").or(() -> Nodes.text(map, "name")).ifPresent(into::add);
                    case "s3Credentials" -> map.values().forEach(v -> Nodes.text(v, "name").ifPresent(into::add));
                    default -> {
                        // not a reference by itself; look inside
                    }
                }
            }
            map.forEach((k, v) -> references(v, String.valueOf(k), into));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> references(item, key, into));
        }
    }
}
