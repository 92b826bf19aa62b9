package sh.velocity.compliance.domain.deployment;

import java.util.List;
import java.util.Optional;

/**
 * Item 17. PostgreSQL is CloudNativePG's; a cluster archives to S3 when its backup destination is an
 * {@code s3://} path, either in the Cluster itself ({@code backup.barmanObjectStore}) or in the
 * Barman Cloud plugin's {@code ObjectStore} the Cluster names, with credentials. Archiving WAL is
 * half of it: a {@code ScheduledBackup} must take base backups regularly too, or there is nothing
 * to replay the WAL onto.
 */
final class PostgresBackupCheck {

    private static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    private PostgresBackupCheck() {
    }

    static ClusterFinding review(Deployed deployed) {
        Evidence evidence = new Evidence();
        ManifestSet manifests = deployed.manifests();
        if (deployed.postgresClusters().isEmpty()) {
            evidence.broke("the manifests hold no PostgreSQL backup configuration: no CloudNativePG Cluster "
                    + "(postgresql.cnpg.io) with a backup destination");
        }
        List<KubeObject> scheduled = manifests.of("postgresql.cnpg.io", "ScheduledBackup").toList();
        for (KubeObject cluster : deployed.postgresClusters()) {
            destination(manifests, cluster, evidence);
            List<KubeObject> mine = scheduled.stream().filter(s -> s.namespace().equals(cluster.namespace())
                    && cluster.name().equals(Nodes.text(s.body(), "spec", "cluster", "name").orElse(null))).toList();
            if (mine.isEmpty()) {
                evidence.broke(cluster.where() + " has no ScheduledBackup: no base backup is ever taken, so archived "
                        + "WAL has nothing to be replayed onto");
            }
            for (KubeObject backup : mine) {
                String schedule = Nodes.text(backup.body(), "spec", "schedule").orElse("");
                if (Nodes.isTrue(backup.body(), "spec", "suspend")) {
                    evidence.broke(backup.where() + " is suspended");
                } else if (schedule.isBlank()) {
                    evidence.broke(backup.where() + " has no schedule");
                } else {
                    evidence.saw(backup.where() + " takes a base backup of " + cluster.name() + " on schedule \""
                            + schedule + "\" (seconds first)");
                }
            }
        }
        deployed.postgres().ifPresentOrElse(pg -> {
            String ns = pg.namespace();
            evidence.command("kubectl -n " + ns + " get clusters.postgresql.cnpg.io " + pg.name() + " -o jsonpath='{.status.conditions[?(@.type"
                    + "==\"ContinuousArchiving\")].status}'   # expected: True");
            evidence.command("kubectl -n " + ns + " get scheduledbackups,backups   # expected: a completed backup of the "
                    + "last 24 hours");
            destinationPath(manifests, pg).filter(d -> d.startsWith("s3://")).ifPresent(d -> evidence.command(
                    "aws s3 ls " + (d.endsWith("/") ? d : d + "/") + pg.name() + "/ --recursive | tail   "
                            + "# expected: recent base/ and wals/ objects"));
        }, () -> evidence.command("kubectl get clusters.postgresql.cnpg.io -A"));
        return evidence.finding(ClusterItem.POSTGRES_BACKUPS);
    }

    private static void destination(ManifestSet manifests, KubeObject cluster, Evidence evidence) {
        Optional<String> path = destinationPath(manifests, cluster);
        if (path.isEmpty()) {
            evidence.broke(cluster.where() + " archives nowhere: no backup.barmanObjectStore.destinationPath and no "
                    + "Barman Cloud plugin ObjectStore");
            return;
        }
        if (!path.get().startsWith("s3://")) {
            evidence.broke(cluster.where() + " archives to " + path.get() + ", which is not S3 (s3://)");
            return;
        }
        Object store = Nodes.at(cluster.body(), "spec", "backup", "barmanObjectStore");
        if (store == null) {
            store = pluginStore(manifests, cluster).map(s -> Nodes.at(s.body(), "spec", "configuration")).orElse(null);
        }
        boolean credentials = Nodes.at(store, "s3Credentials", "accessKeyId") != null
                || Nodes.isTrue(store, "s3Credentials", "inheritFromIAMRole");
        if (!credentials) {
            evidence.broke(cluster.where() + " archives to " + path.get() + " without S3 credentials (s3Credentials)");
            return;
        }
        String retention = Nodes.text(cluster.body(), "spec", "backup", "retentionPolicy")
                .or(() -> pluginStore(manifests, cluster).flatMap(s -> Nodes.text(s.body(), "spec", "retentionPolicy")))
                .orElse("not set");
        evidence.saw(cluster.where() + " archives WAL continuously and base backups to " + path.get()
                + " (credentials " + Nodes.text(store, "s3Credentials", "accessKeyId", "name").orElse("from an IAM role")
                + ", retention " + retention + ")");
    }

    private static Optional<String> destinationPath(ManifestSet manifests, KubeObject cluster) {
        return Nodes.text(cluster.body(), "spec", "backup", "barmanObjectStore", "destinationPath")
                .or(() -> pluginStore(manifests, cluster)
                        .flatMap(s -> Nodes.text(s.body(), "spec", "configuration", "destinationPath")));
    }

    private static Optional<KubeObject> pluginStore(ManifestSet manifests, KubeObject cluster) {
        Optional<String> storeName = Nodes.list(cluster.body(), "spec", "plugins").stream()
                .filter(p -> PLUGIN.equals(Nodes.text(p, "name").orElse(null)))
                .findFirst().flatMap(p -> Nodes.text(p, "parameters", "barmanObjectName"));
        return storeName.flatMap(name -> manifests.of("barmancloud.cnpg.io", "ObjectStore")
                .filter(s -> s.namespace().equals(cluster.namespace()) && s.name().equals(name)).findFirst());
    }
}
