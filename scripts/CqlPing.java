import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Dependency-free CQL liveness check used by scripts/services.sh.
 *
 * <p>Speaks just enough of the CQL native protocol (v4, falling back to v3) to send STARTUP and
 * run {@code SELECT release_version, data_center FROM system.local}. It needs nothing but the
 * JDK, so it also works against a CQL server this project did not start.
 *
 * <p>Usage: {@code java CqlPing.java [--tls-ca CA.pem [--tls-keystore CLIENT.p12:PASSWORD]]
 * [--peers] host[:port][,host[:port]...] [timeoutSeconds]}
 *
 * <p>On success prints one line {@code host:port release_version data_center} and exits 0.
 * Exit codes: 1 nothing answers, 2 something answers but is not a usable CQL server
 * (protocol error, authentication required, query error, a TLS certificate not trusted).
 *
 * <p>Options: {@code --tls-ca CA.pem} connects with TLS and trusts only the certificates in that
 * PEM file (the server's certificate must also name the host it is reached at);
 * {@code --tls-keystore CLIENT.p12:PASSWORD} presents the key and certificate of that PKCS#12
 * key store to a server that requires client certificates;
 * {@code --peers} appends {@code peers=N}, the number of rows of {@code system.peers_v2}
 * (the other nodes this node knows, up or down).
 */
public final class CqlPing {

    private static final int OP_ERROR = 0x00;
    private static final int OP_STARTUP = 0x01;
    private static final int OP_READY = 0x02;
    private static final int OP_AUTHENTICATE = 0x03;
    private static final int OP_QUERY = 0x07;
    private static final int OP_RESULT = 0x08;
    private static final int RESULT_ROWS = 0x0002;
    private static final int ERR_PROTOCOL = 0x000A;

    /** A failure that proves a server answered but is not usable as it is. */
    private static final class NotUsable extends Exception {
        private static final long serialVersionUID = 1L;

        NotUsable(String message) {
            super(message);
        }
    }

    /** The server rejected our protocol version. */
    private static final class WrongVersion extends Exception {
        private static final long serialVersionUID = 1L;

        WrongVersion(String message) {
            super(message);
        }
    }

    private CqlPing() {
    }

    /** Set by {@code --tls-ca}: connections use TLS with this context. */
    private static SSLContext tls;

    /** Set by {@code --peers}. */
    private static boolean countPeers;

    public static void main(String[] arguments) {
        List<String> positional = new ArrayList<>();
        String caFile = null;
        String clientKeyStore = null;
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].equals("--tls-ca") && i + 1 < arguments.length) {
                caFile = arguments[++i];
            } else if (arguments[i].equals("--tls-keystore") && i + 1 < arguments.length) {
                clientKeyStore = arguments[++i];
            } else if (arguments[i].equals("--peers")) {
                countPeers = true;
            } else {
                positional.add(arguments[i]);
            }
        }
        String[] args = positional.toArray(new String[0]);
        if (args.length < 1 || args.length > 2 || (clientKeyStore != null && caFile == null)) {
            System.err.println("usage: java CqlPing.java [--tls-ca CA.pem [--tls-keystore CLIENT.p12:PASSWORD]]"
                    + " [--peers] host[:port][,host[:port]...] [timeoutSeconds]");
            System.exit(64);
        }
        if (caFile != null) {
            try {
                tls = context(Path.of(caFile), clientKeyStore);
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("cannot read the CA file " + caFile
                        + (clientKeyStore == null ? "" : " or the key store " + clientKeyStore) + ": " + e);
                System.exit(64);
            }
        }
        int timeoutMs = args.length > 1 ? (int) (Double.parseDouble(args[1]) * 1000) : 5000;
        int exit = 1;
        for (String contactPoint : args[0].split(",")) {
            String cp = contactPoint.trim();
            if (cp.isEmpty()) {
                continue;
            }
            String host = cp;
            int port = 9042;
            int colon = cp.lastIndexOf(':');
            if (colon > 0 && cp.indexOf(':') == colon) {
                host = cp.substring(0, colon);
                port = Integer.parseInt(cp.substring(colon + 1));
            } else if (cp.startsWith("[") && cp.contains("]:")) {
                host = cp.substring(1, cp.indexOf(']'));
                port = Integer.parseInt(cp.substring(cp.indexOf("]:") + 2));
            }
            try {
                String[] row = ping(host, port, timeoutMs);
                System.out.println(host + ":" + port + " " + row[0] + " " + row[1]
                        + (countPeers ? " peers=" + row[2] : ""));
                System.exit(0);
            } catch (NotUsable e) {
                System.err.println(cp + ": " + e.getMessage());
                exit = 2;
            } catch (javax.net.ssl.SSLException e) {
                System.err.println(cp + ": TLS handshake failed: " + e.getMessage());
                exit = 2;
            } catch (IOException e) {
                System.err.println(cp + ": " + e);
            }
        }
        System.exit(exit);
    }

    private static String[] ping(String host, int port, int timeoutMs) throws IOException, NotUsable {
        try {
            return ping(host, port, timeoutMs, 4);
        } catch (WrongVersion e) {
            try {
                return ping(host, port, timeoutMs, 3);
            } catch (WrongVersion e2) {
                throw new NotUsable("no supported protocol version: " + e2.getMessage());
            }
        }
    }

    private static String[] ping(String host, int port, int timeoutMs, int version)
            throws IOException, NotUsable, WrongVersion {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), timeoutMs);
            plain.setSoTimeout(timeoutMs);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory()
                        .createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());

            ByteArrayOutputStream startup = new ByteArrayOutputStream();
            DataOutputStream sb = new DataOutputStream(startup);
            sb.writeShort(1);
            writeString(sb, "CQL_VERSION");
            writeString(sb, "3.0.0");
            send(out, version, 1, OP_STARTUP, startup.toByteArray());
            Frame ready = receive(in, version);
            if (ready.opcode == OP_AUTHENTICATE) {
                throw new NotUsable("server requires authentication ("
                        + readString(ByteBuffer.wrap(ready.body)) + ")");
            }
            if (ready.opcode != OP_READY) {
                throw new NotUsable("unexpected reply to STARTUP, opcode " + ready.opcode);
            }

            ByteArrayOutputStream query = new ByteArrayOutputStream();
            DataOutputStream qb = new DataOutputStream(query);
            byte[] cql = "SELECT release_version, data_center FROM system.local"
                    .getBytes(StandardCharsets.UTF_8);
            qb.writeInt(cql.length);
            qb.write(cql);
            qb.writeShort(0x0001); // consistency ONE
            qb.writeByte(0); // no flags
            send(out, version, 2, OP_QUERY, query.toByteArray());
            Frame result = receive(in, version);
            if (result.opcode != OP_RESULT) {
                throw new NotUsable("unexpected reply to QUERY, opcode " + result.opcode);
            }
            String[] local = firstRow(ByteBuffer.wrap(result.body));
            String peers = "0";
            if (countPeers) {
                ByteArrayOutputStream peersQuery = new ByteArrayOutputStream();
                DataOutputStream pb = new DataOutputStream(peersQuery);
                byte[] peersCql = "SELECT peer FROM system.peers_v2".getBytes(StandardCharsets.UTF_8);
                pb.writeInt(peersCql.length);
                pb.write(peersCql);
                pb.writeShort(0x0001); // consistency ONE
                pb.writeByte(0); // no flags
                send(out, version, 3, OP_QUERY, peersQuery.toByteArray());
                Frame peersResult = receive(in, version);
                if (peersResult.opcode != OP_RESULT) {
                    throw new NotUsable("unexpected reply to QUERY, opcode " + peersResult.opcode);
                }
                peers = Integer.toString(rowCount(ByteBuffer.wrap(peersResult.body)));
            }
            return new String[] {local[0], local[1], peers};
        } catch (EOFException e) {
            throw new NotUsable("connection closed by server (not a CQL server?)");
        }
    }

    private static final class Frame {
        final int opcode;
        final byte[] body;

        Frame(int opcode, byte[] body) {
            this.opcode = opcode;
            this.body = body;
        }
    }

    private static void send(DataOutputStream out, int version, int stream, int opcode, byte[] body)
            throws IOException {
        out.writeByte(version);
        out.writeByte(0);
        out.writeShort(stream);
        out.writeByte(opcode);
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    private static Frame receive(DataInputStream in, int version) throws IOException, NotUsable, WrongVersion {
        int responseVersion = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        in.readShort(); // stream id
        int opcode = in.readUnsignedByte();
        int length = in.readInt();
        if ((responseVersion & 0x80) == 0 || length < 0 || length > (16 << 20)) {
            throw new NotUsable("not a CQL response (version byte " + responseVersion + ")");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        ByteBuffer buf = ByteBuffer.wrap(body);
        if ((flags & 0x02) != 0) { // tracing id
            buf.position(buf.position() + 16);
        }
        if ((flags & 0x08) != 0) { // warnings
            int n = buf.getShort();
            for (int i = 0; i < n; i++) {
                readString(buf);
            }
        }
        if ((flags & 0x04) != 0) { // custom payload
            int n = buf.getShort();
            for (int i = 0; i < n; i++) {
                readString(buf);
                int len = buf.getInt();
                if (len > 0) {
                    buf.position(buf.position() + len);
                }
            }
        }
        byte[] rest = new byte[buf.remaining()];
        buf.get(rest);
        if (opcode == OP_ERROR) {
            ByteBuffer eb = ByteBuffer.wrap(rest);
            int code = eb.getInt();
            String message = readString(eb);
            if (code == ERR_PROTOCOL && (responseVersion & 0x7F) != version) {
                throw new WrongVersion(message);
            }
            if (code == ERR_PROTOCOL && message.toLowerCase().contains("version")) {
                throw new WrongVersion(message);
            }
            throw new NotUsable("server error 0x" + Integer.toHexString(code) + ": " + message);
        }
        return new Frame(opcode, rest);
    }

    /**
     * An SSL context that trusts exactly the certificates in a PEM file and, with {@code
     * clientKeyStore} ({@code FILE.p12:PASSWORD}), presents that key store's key and certificate.
     */
    private static SSLContext context(Path caFile, String clientKeyStore)
            throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new GeneralSecurityException("no certificate in " + caFile);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        KeyManager[] keys = null;
        if (clientKeyStore != null) {
            int colon = clientKeyStore.lastIndexOf(':');
            if (colon <= 0) {
                throw new GeneralSecurityException("--tls-keystore takes FILE.p12:PASSWORD");
            }
            char[] password = clientKeyStore.substring(colon + 1).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(clientKeyStore.substring(0, colon)))) {
                store.load(in, password);
            }
            KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyFactory.init(store, password);
            keys = keyFactory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, factory.getTrustManagers(), null);
        return context;
    }

    /** Reads a ROWS result up to its row count; returns the number of columns. */
    private static int skipRowsHeader(ByteBuffer buf) throws NotUsable {
        int kind = buf.getInt();
        if (kind != RESULT_ROWS) {
            throw new NotUsable("unexpected result kind " + kind);
        }
        int flags = buf.getInt();
        int columns = buf.getInt();
        if ((flags & 0x0002) != 0) { // paging state
            int len = buf.getInt();
            if (len > 0) {
                buf.position(buf.position() + len);
            }
        }
        if ((flags & 0x0004) == 0) { // column specs present
            boolean global = (flags & 0x0001) != 0;
            if (global) {
                readString(buf);
                readString(buf);
            }
            for (int i = 0; i < columns; i++) {
                if (!global) {
                    readString(buf);
                    readString(buf);
                }
                readString(buf);
                skipType(buf);
            }
        }
        return columns;
    }

    private static int rowCount(ByteBuffer buf) throws NotUsable {
        skipRowsHeader(buf);
        return buf.getInt();
    }

    private static String[] firstRow(ByteBuffer buf) throws NotUsable {
        int columns = skipRowsHeader(buf);
        int rows = buf.getInt();
        if (rows < 1) {
            throw new NotUsable("system.local returned no row");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            int len = buf.getInt();
            if (len < 0) {
                values.add("unknown");
            } else {
                byte[] b = new byte[len];
                buf.get(b);
                values.add(new String(b, StandardCharsets.UTF_8));
            }
        }
        while (values.size() < 2) {
            values.add("unknown");
        }
        return new String[] {values.get(0), values.get(1)};
    }

    private static void skipType(ByteBuffer buf) throws NotUsable {
        int id = buf.getShort() & 0xFFFF;
        if (id == 0x0000) { // custom
            readString(buf);
        } else if (id == 0x0020 || id == 0x0022) { // list, set
            skipType(buf);
        } else if (id == 0x0021) { // map
            skipType(buf);
            skipType(buf);
        } else if (id == 0x0030) { // udt
            readString(buf);
            readString(buf);
            int n = buf.getShort();
            for (int i = 0; i < n; i++) {
                readString(buf);
                skipType(buf);
            }
        } else if (id == 0x0031) { // tuple
            int n = buf.getShort();
            for (int i = 0; i < n; i++) {
                skipType(buf);
            }
        } else if (id > 0x0031) {
            throw new NotUsable("unknown column type 0x" + Integer.toHexString(id));
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer buf) {
        int len = buf.getShort() & 0xFFFF;
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
