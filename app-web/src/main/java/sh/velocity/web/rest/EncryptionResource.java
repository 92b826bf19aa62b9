package sh.velocity.web.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.api.KeyManagement;
import sh.velocity.records.api.KeyManagement.KeyRotation;
import sh.velocity.records.api.KeyManagement.KeyVersion;

/**
 * {@code /encryption}: field-encryption keys. {@code GET keys} (metadata only, never key material),
 * {@code POST rotations} {@code {"namespace"}} → 202 with the rotation and its {@code Location},
 * {@code GET rotations/{id}} (progress: total, done, state), {@code GET rotations}, and
 * {@code POST kek-rewrap}. Everything needs {@code encryption.manage} on {@code *}.
 */
@ApplicationScoped
@Path("encryption")
@Produces(MediaType.APPLICATION_JSON)
public class EncryptionResource {

    @Inject
    KeyManagement keys;

    @GET
    @Path("keys")
    public Page<JsonObject> keys(@QueryParam("namespace") String namespace) {
        return new Page<>(keys.keys(namespace).stream().map(EncryptionResource::json).toList(), null);
    }

    @POST
    @Path("rotations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(JsonObject body) {
        String namespace = Json.string(Json.requireObject(body), "namespace");
        KeyRotation rotation = keys.rotate(namespace);
        return Response.accepted(json(rotation)).location(URI.create("encryption/rotations/" + rotation.id())).build();
    }

    @GET
    @Path("rotations")
    public Page<JsonObject> rotations(@QueryParam("namespace") String namespace) {
        return new Page<>(keys.rotations(namespace).stream().map(EncryptionResource::json).toList(), null);
    }

    @GET
    @Path("rotations/{id}")
    public JsonObject rotation(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            uuid = new UUID(0, 0); // never a rotation's id: still authorised first, then 404
        }
        return keys.rotation(uuid).map(EncryptionResource::json)
                .orElseThrow(() -> new VelocityException(ErrorCode.NOT_FOUND, "No key rotation " + id + "."));
    }

    @POST
    @Path("kek-rewrap")
    public JsonObject rewrap() {
        return Jsonp.createObjectBuilder().add("rewrapped", keys.rewrap()).build();
    }

    private static JsonObject json(KeyVersion k) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("namespace", k.namespace())
                .add("version", k.version()).add("kekId", k.kekId()).add("current", k.current())
                .add("createdAt", k.createdAt().toString()).add("createdBy", k.createdBy());
        if (k.rewrappedAt() != null) {
            b.add("rewrappedAt", k.rewrappedAt().toString());
        }
        if (k.retiredAt() != null) {
            b.add("retiredAt", k.retiredAt().toString());
        }
        return b.build();
    }

    private static JsonObject json(KeyRotation r) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("id", r.id().toString())
                .add("namespace", r.namespace()).add("keyVersion", r.keyVersion()).add("state", r.state())
                .add("total", r.total()).add("done", r.done()).add("requestedBy", r.requestedBy())
                .add("createdAt", r.createdAt().toString()).add("updatedAt", r.updatedAt().toString());
        if (r.error() != null) {
            b.add("error", r.error());
        }
        if (r.finishedAt() != null) {
            b.add("finishedAt", r.finishedAt().toString());
        }
        return b.build();
    }
}
