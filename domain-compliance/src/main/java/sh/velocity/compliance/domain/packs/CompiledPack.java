package sh.velocity.compliance.domain.packs;

import java.util.ArrayList;
import java.util.List;

/** A pack whose controls are compiled, ready to judge schemas; built once per pack version. */
public record CompiledPack(CompliancePack pack, List<CompiledControl> controls) {

    public CompiledPack {
        controls = List.copyOf(controls);
    }

    /** A control with its compiled {@code when} and {@code rule}. */
    public record CompiledControl(Control control, ControlRules.Compiled when, ControlRules.Compiled rule) {
    }

    /**
     * Compiles every control (already admitted, so a refusal here means a shipped pack is broken,
     * which {@code IllegalStateException} reports at start-up).
     */
    public static CompiledPack of(CompliancePack pack, ControlRules rules) {
        List<CompiledControl> out = new ArrayList<>();
        for (Control c : pack.controls()) {
            try {
                out.add(new CompiledControl(c, rules.compile(c.when(), c.scope()), rules.compile(c.rule(), c.scope())));
            } catch (ControlRules.Refused e) {
                throw new IllegalStateException("pack " + pack.name() + ", control " + c.id() + ": " + e.getMessage(), e);
            }
        }
        return new CompiledPack(pack, out);
    }
}
