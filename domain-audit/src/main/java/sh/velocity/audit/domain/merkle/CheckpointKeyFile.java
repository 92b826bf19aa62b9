package sh.velocity.audit.domain.merkle;

import java.util.Base64;

/**
 * The text form of a checkpoint signing key, two lines in either order:
 *
 * <pre>
 * private &lt;base64 of the PKCS#8 encoding&gt;
 * public &lt;base64 of the X.509 encoding&gt;
 * </pre>
 *
 * Base64 is RFC 4648 with padding; lines end with LF (a CR before it is tolerated) and blank lines
 * are ignored. The public key is stored beside the private one because the JDK cannot derive an
 * Ed25519 public key from a PKCS#8 v1 private key; {@link CheckpointSigner} checks that they belong
 * together. Parse errors name the line number, never the line, which holds the secret.
 */
record CheckpointKeyFile(byte[] pkcs8PrivateKey, byte[] x509PublicKey) {

    private static final String PRIVATE = "private";
    private static final String PUBLIC = "public";

    static CheckpointKeyFile parse(String text) {
        byte[] privateKey = null;
        byte[] publicKey = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            String label = space < 0 ? line : line.substring(0, space);
            byte[] value = space < 0 ? null : decode(line.substring(space + 1).strip(), i + 1);
            if (PRIVATE.equals(label) && privateKey == null && value != null) {
                privateKey = value;
            } else if (PUBLIC.equals(label) && publicKey == null && value != null) {
                publicKey = value;
            } else {
                throw new IllegalArgumentException("checkpoint key file line " + (i + 1)
                        + " is not a single 'private <base64>' or 'public <base64>' line");
            }
        }
        if (privateKey == null || publicKey == null) {
            throw new IllegalArgumentException("a checkpoint key file needs one 'private' and one 'public' line");
        }
        return new CheckpointKeyFile(privateKey, publicKey);
    }

    String text() {
        Base64.Encoder base64 = Base64.getEncoder();
        return PRIVATE + ' ' + base64.encodeToString(pkcs8PrivateKey) + '\n'
                + PUBLIC + ' ' + base64.encodeToString(x509PublicKey) + '\n';
    }

    private static byte[] decode(String base64, int lineNumber) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint key file line " + lineNumber + " is not valid base64");
        }
    }
}
