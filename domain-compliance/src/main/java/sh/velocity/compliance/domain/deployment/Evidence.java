package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one check saw: lines that break its item and lines that support it, and the live
 * commands. Any breaking line makes the finding {@link ClusterStatus#FAIL}; breaking lines come first.
 */
final class Evidence {

    private final List<String> broken = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();

    void broke(String line) {
        broken.add(line);
    }

    void saw(String line) {
        seen.add(line);
    }

    void command(String line) {
        commands.add(line);
    }

    boolean anyBroken() {
        return !broken.isEmpty();
    }

    ClusterFinding finding(ClusterItem item) {
        List<String> lines = new ArrayList<>(broken);
        lines.addAll(seen);
        return new ClusterFinding(item, broken.isEmpty() ? ClusterStatus.MANUAL : ClusterStatus.FAIL, lines, commands);
    }
}
