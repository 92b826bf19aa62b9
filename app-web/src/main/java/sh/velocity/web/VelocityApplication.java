package sh.velocity.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, versioned in its path (CONTRACT.md §2). */
@ApplicationPath("/api/v1")
public class VelocityApplication extends Application {
}
