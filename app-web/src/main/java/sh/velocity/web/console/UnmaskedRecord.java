package sh.velocity.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/** A record read unmasked, held for the one response that shows it and then dropped. */
@Named("unmasked")
@RequestScoped
public class UnmaskedRecord {

    private RecordsPage.Row row;

    void show(RecordsPage.Row row) {
        this.row = row;
    }

    public RecordsPage.Row getRow() {
        return row;
    }
}
