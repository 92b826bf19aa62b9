package sh.velocity.compliance.domain.deployment;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kubernetes label selection as the API server does it: a plain selector (a Service's) matches when
 * every pair is among the labels; a {@code LabelSelector} (a NetworkPolicy's, a ServiceMonitor's) also
 * has {@code matchExpressions}, and an empty one selects everything.
 */
final class Selectors {

    private Selectors() {
    }

    static boolean plainMatches(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static boolean labelSelectorMatches(Map<?, ?> selector, Map<String, String> labels) {
        if (!labels.entrySet().containsAll(Nodes.strings(selector, "matchLabels").entrySet())) {
            return false;
        }
        for (Object expression : Nodes.list(selector, "matchExpressions")) {
            String key = Nodes.text(expression, "key").orElse("");
            String operator = Nodes.text(expression, "operator").orElse("");
            List<String> values = Nodes.list(expression, "values").stream().map(String::valueOf).toList();
            boolean has = labels.containsKey(key);
            boolean ok = switch (operator) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean selectsEverything(Map<?, ?> selector) {
        return Nodes.map(selector, "matchLabels").isEmpty() && Nodes.list(selector, "matchExpressions").isEmpty();
    }

    /** {@code a=b,c=d}, or {@code all pods} for an empty selector. */
    static String describe(Map<?, ?> selector) {
        if (selectsEverything(selector)) {
            return "all pods";
        }
        String labels = Nodes.strings(selector, "matchLabels").entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        int expressions = Nodes.list(selector, "matchExpressions").size();
        return expressions == 0 ? labels : labels + " and " + expressions + " expression(s)";
    }
}
