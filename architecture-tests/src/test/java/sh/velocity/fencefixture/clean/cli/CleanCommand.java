package sh.velocity.fencefixture.clean.cli;

import java.util.List;

/** A CLI class that depends on the JDK only. */
public class CleanCommand {
    public int count(List<String> args) {
        return args.size();
    }
}
